package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keycloak as the operator runs it: its pools within its database, its memory, its admin console off the public host. */
class KeycloakDeploymentTest {

    private static final BigDecimal MB = BigDecimal.valueOf(1_000_000);

    /**
     * Each Keycloak pod and the realm-import Job (it runs Keycloak with the same database options)
     * hold up to poolMaxSize connections; Keycloak's default of 100 alone would exhaust keycloak-db.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void keycloaksPoolsFitItsDatabase(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode spec = r.get("Keycloak", "keycloak").path("spec");
        assertTrue(spec.path("db").has("poolMaxSize"), "without poolMaxSize each pod may open 100 connections");
        int pool = spec.path("db").path("poolMaxSize").asInt();
        int maxConnections = Integer.parseInt(r.get("Cluster", "keycloak-db").path("spec").path("postgresql")
                .path("parameters").path("max_connections").asText());
        int holders = spec.path("instances").asInt() + 1; // + the realm-import Job
        int reserved = 10; // superuser_reserved_connections (3), the instance manager, the exporter
        assertTrue(holders * pool + reserved <= maxConnections,
                overlay + ": " + holders + " x " + pool + " + " + reserved + " > max_connections " + maxConnections);
        assertTrue(spec.path("db").path("poolMinSize").asInt(0) <= pool && spec.path("db").path("poolInitialSize").asInt(0) <= pool);
    }

    /** Keycloak's sizing guide: 1250 MB per pod; the heap is 70 % of the limit, some 300 MB are used beside it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void keycloaksMemoryFollowsItsSizingGuide(String overlay) {
        JsonNode resources = Kustomize.overlay(overlay).get("Keycloak", "keycloak").path("spec").path("resources");
        BigDecimal request = ServicesTest.amount(resources.path("requests").path("memory"));
        BigDecimal limit = ServicesTest.amount(resources.path("limits").path("memory"));
        assertTrue(request.compareTo(BigDecimal.valueOf(1250).multiply(MB)) >= 0, "request " + request + " < 1250 MB");
        BigDecimal heap = limit.multiply(new BigDecimal("0.7"));
        assertTrue(heap.add(BigDecimal.valueOf(300).multiply(MB)).compareTo(BigDecimal.valueOf(1250).multiply(MB)) >= 0,
                "limit " + limit + ": 70 % heap + 300 MB non-heap < 1250 MB");
        assertTrue(limit.compareTo(request) >= 0);
    }

    /**
     * The Ingress does not publish /admin, so the admin console must not send the browser to the
     * public host: it lives on a local URL reached through kubectl port-forward.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theAdminConsoleIsNotOnThePublicHost(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode hostname = r.get("Keycloak", "keycloak").path("spec").path("hostname");
        URI admin = URI.create(hostname.path("admin").asText());
        assertEquals("localhost", admin.getHost(), "hostname.admin: the port-forward's address");
        assertEquals(r.get("Keycloak", "keycloak").path("spec").path("http").path("httpPort").asInt(), admin.getPort());
        String publicHost = URI.create(hostname.path("hostname").asText()).getHost();
        for (JsonNode ingress : r.ofKind("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                assertEquals(publicHost, rule.path("host").asText());
                for (JsonNode path : rule.path("http").path("paths")) {
                    String p = path.path("path").asText();
                    assertTrue(!p.startsWith("/admin") && !p.equals("/") && !p.startsWith("/realms/master"),
                            Rendered.name(ingress) + " publishes " + p);
                }
            }
        }
    }
}
