package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays ingress-nginx's matching on the paths of the REST API (docs/openapi/*.yaml): with use-regex every path of the host is
 * a case-insensitive regex location "^path", tried longest path first, the first match wins.
 */
class IngressTest {

    record Route(String ingress, String path, String service, int port) {
    }

    static List<Route> routes(Rendered r, String host) {
        List<Route> routes = new ArrayList<>();
        for (JsonNode ingress : r.ofKind("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                if (!host.equals(rule.path("host").asText())) {
                    continue;
                }
                for (JsonNode p : rule.path("http").path("paths")) {
                    JsonNode svc = p.path("backend").path("service");
                    int port = svc.path("port").has("number") ? svc.path("port").path("number").asInt()
                            : servicePort(r, svc.path("name").asText(), svc.path("port").path("name").asText());
                    routes.add(new Route(Rendered.name(ingress), p.path("path").asText(), svc.path("name").asText(), port));
                }
            }
        }
        return routes;
    }

    static int servicePort(Rendered r, String service, String portName) {
        for (JsonNode p : r.get("Service", service).path("spec").path("ports")) {
            if (portName.equals(p.path("name").asText())) {
                return p.path("port").asInt();
            }
        }
        throw new AssertionError("Service " + service + " has no port " + portName);
    }

    static boolean matches(Route route, String uri) {
        return Pattern.compile("^" + route.path(), Pattern.CASE_INSENSITIVE).matcher(uri).find();
    }

    /** ingress-nginx's choice: the longest matching path (stable among equals). */
    static Route nginx(List<Route> routes, String uri) {
        return routes.stream().sorted(Comparator.comparingInt((Route rt) -> rt.path().length()).reversed())
                .filter(rt -> matches(rt, uri)).findFirst().orElse(null);
    }

    static final String ID = "7f0c2a4e-1b2c-4d5e-8f90-123456789abc";

    /** The REST API's paths (docs/openapi/*.yaml; query strings are not part of the location) -> the service that owns them. */
    static final Map<String, String> API = new LinkedHashMap<>();

    static {
        API.put("/api/sessions", "session-service");
        API.put("/api/sessions/" + ID, "session-service");
        for (String action : List.of("start", "end", "cancel", "no-show")) {
            API.put("/api/sessions/" + ID + "/" + action, "session-service");
        }
        API.put("/api/sessions/" + ID + "/feedback", "feedback-service");
        API.put("/api/instruments", "feedback-service");
        API.put("/api/instruments/wai-sr", "feedback-service");
        API.put("/api/feedback/pending", "feedback-service");
        API.put("/api/metrics/counsellors", "analytics-service");
        API.put("/api/metrics/counsellors/" + ID, "analytics-service");
        API.put("/api/metrics/counsellors/" + ID + "/stream", "analytics-service");
        API.put("/api/metrics/counsellors/" + ID + "/alerts", "analytics-service");
        API.put("/api/metrics/counsellors/" + ID + "/series", "analytics-service");
        API.put("/api/alerts/safety", "feedback-service");
        API.put("/api/alerts/safety/" + ID, "feedback-service");
        API.put("/api/alerts/safety/" + ID + "/acknowledge", "feedback-service");
        API.put("/api/alerts/safety/" + ID + "/resolve", "feedback-service");
        API.put("/api/alerts/safety/stream", "feedback-service");
        API.put("/api/metrics/summary", "analytics-service");
        API.put("/api/metrics/export", "analytics-service");
        API.put("/realms/rapport/protocol/openid-connect/token", "keycloak-service");
        API.put("/realms/rapport/protocol/openid-connect/certs", "keycloak-service");
        API.put("/realms/rapport/.well-known/openid-configuration", "keycloak-service");
        API.put("/resources/abc12/login/keycloak.v2/css/styles.css", "keycloak-service");
    }

    static String host(Rendered r) {
        return r.get("Ingress", "rapport-api").path("spec").path("rules").get(0).path("host").asText();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyApiPathReachesItsService(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        List<Route> routes = routes(r, host(r));
        Map<String, String> actual = new LinkedHashMap<>();
        API.forEach((uri, service) -> {
            Route chosen = nginx(routes, uri);
            actual.put(uri, chosen == null ? "(404)" : chosen.service());
            if (chosen != null && !chosen.service().equals("keycloak-service")) {
                assertEquals(Repo.httpPort(chosen.service()), chosen.port(), uri + ": the service's port");
            }
        });
        assertEquals(API, actual);
    }

    /** Whatever order ingress-nginx gave the locations, the backend would be the same. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void overlappingSessionPathsAreMutuallyExclusive(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        List<Route> routes = routes(r, host(r));
        API.keySet().forEach(uri -> {
            List<String> backends = routes.stream().filter(rt -> matches(rt, uri)).map(Route::service).distinct().toList();
            assertEquals(1, backends.size(), uri + " matches paths of several services: " + backends);
        });
        for (Route route : routes) {
            assertTrue(route.path().startsWith("/"), route + ": a path");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void nothingElseIsPublished(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        List<Route> routes = routes(r, host(r));
        for (String uri : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/api/sessions/" + ID + "/q/metrics",
                "/admin/master/console/", "/admin/realms/rapport/users", "/api", "/api/other", "/q", "/js/", "/js/../q/health",
                "/css/app.css/x", "/WEB-INF/web.xml", "/api/alerts", "/api/alerts/other",
                "/api/sessions/" + ID + "/feedback/extra", "/api/sessions/" + ID + "/start/now")) {
            assertEquals(null, nginx(routes, uri), uri + " must not be routed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void oneHostWithTlsFromCertManager(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        String host = host(r);
        String issuer = r.get("Ingress", "rapport-api").path("metadata").path("annotations").path("cert-manager.io/cluster-issuer").asText();
        assertTrue(!issuer.isEmpty(), "cert-manager issues the certificate");
        assertEquals(overlay.equals("prod") ? "letsencrypt-prod" : "letsencrypt-staging", issuer);
        for (JsonNode ingress : r.ofKind("Ingress")) {
            JsonNode spec = ingress.path("spec");
            assertEquals("nginx", spec.path("ingressClassName").asText());
            assertEquals("true", ingress.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/use-regex").asText());
            assertEquals(host, spec.path("rules").get(0).path("host").asText());
            assertEquals(host, spec.path("tls").get(0).path("hosts").get(0).asText());
            assertEquals("rapport-tls", spec.path("tls").get(0).path("secretName").asText());
            for (JsonNode p : spec.path("rules").get(0).path("http").path("paths")) {
                assertEquals("ImplementationSpecific", p.path("pathType").asText(), "regex paths");
            }
        }
        String keycloakUrl = r.get("Keycloak", "keycloak").path("spec").path("hostname").path("hostname").asText();
        assertEquals("https://" + host, keycloakUrl, "Keycloak's public URL is the Ingress host");
        assertEquals("off", r.get("Ingress", "rapport-api-stream").path("metadata").path("annotations")
                .path("nginx.ingress.kubernetes.io/proxy-buffering").asText(), "the event stream is not buffered");
        assertEquals("rapport-api-stream", nginx(routes(r, host), "/api/metrics/counsellors/" + ID + "/stream").ingress());
        assertEquals("rapport-api-stream", nginx(routes(r, host), "/api/alerts/safety/stream").ingress(), "so is the safety alerts' stream");
    }

    /** The web front-end's page, configuration, scripts and style sheet, by name, and nothing else of web. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theWebPagesReachTheWebFrontEnd(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        List<Route> routes = routes(r, host(r));
        for (String uri : List.of("/", "/index.html", "/config.json", "/js/app.js", "/js/auth.js", "/css/app.css")) {
            Route chosen = nginx(routes, uri);
            assertEquals("web", chosen == null ? "(404)" : chosen.service(), uri);
            assertEquals(Repo.httpPort("web"), chosen.port(), uri + ": the web's port");
        }
        for (String uri : API.keySet()) {
            assertTrue(routes.stream().filter(rt -> rt.service().equals("web")).noneMatch(rt -> matches(rt, uri)), uri + " is not the web's");
        }
    }
}
