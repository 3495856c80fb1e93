package dev.rapport.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The web front-end's Deployment: the services' rules where they apply, no data access, its URLs from the public host. */
class WebTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void probesAskQuarkusHealthOnTheWebPort(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode d = Workloads.deployment(r, "web");
        JsonNode app = Workloads.container(d, "web");
        assertEquals(1, Workloads.podSpec(d).path("containers").size(), "one container: no audit log, it reads no client data");
        assertEquals("http", app.path("ports").get(0).path("name").asText());
        assertEquals(Repo.httpPort("web"), app.path("ports").get(0).path("containerPort").asInt(), "containerPort = quarkus.http.port");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("http", app.path(probe).path("httpGet").path("port").asText(), probe);
        }
        assertEquals("/q/health/started", app.path("startupProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/live", app.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", app.path("readinessProbe").path("httpGet").path("path").asText());
        JsonNode svc = r.get("Service", "web");
        assertEquals(Repo.httpPort("web"), svc.path("spec").path("ports").get(0).path("port").asInt());
        assertEquals("web", svc.path("spec").path("selector").path("app.kubernetes.io/name").asText());
        assertEquals(overlay.equals("dev") ? 1 : 2, d.path("spec").path("replicas").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void thePodRunsRestrictedWithAReadOnlyRoot(String overlay) {
        JsonNode pod = Workloads.podSpec(Workloads.deployment(Kustomize.overlay(overlay), "web"));
        JsonNode psc = pod.path("securityContext");
        assertTrue(psc.path("runAsNonRoot").asBoolean(false));
        assertEquals(185, psc.path("runAsUser").asInt());
        assertEquals("RuntimeDefault", psc.path("seccompProfile").path("type").asText());
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
        JsonNode sc = pod.path("containers").get(0).path("securityContext");
        assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(false));
        assertEquals("[\"ALL\"]", sc.path("capabilities").path("drop").toString());
        for (JsonNode volume : pod.path("volumes")) {
            assertTrue(volume.has("emptyDir"), "only scratch space: " + volume);
        }
    }

    /** Everything the browser is told is the public host, and the services' CORS allows exactly it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theBrowserIsSentToThePublicHostAndTheServicesAllowItsOrigin(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        String origin = "https://" + IngressTest.host(r);
        Map<String, Workloads.EnvValue> env = Workloads.environment(r, Workloads.container(Workloads.deployment(r, "web"), "web"));
        for (String name : List.of("RAPPORT_WEB_KEYCLOAK_URL", "RAPPORT_WEB_SESSION_URL", "RAPPORT_WEB_FEEDBACK_URL", "RAPPORT_WEB_ANALYTICS_URL")) {
            assertEquals(origin, Workloads.value(env, name), name);
        }
        assertTrue(Workloads.value(env, "JAVA_OPTS_APPEND").contains("-Dquarkus.http.host=0.0.0.0"), "listens on the pod's address");
        assertTrue(env.values().stream().noneMatch(Workloads.EnvValue::fromSecret), "no secret in the web pod");
        assertTrue(env.keySet().stream().noneMatch(k -> k.startsWith("KAFKA_") || k.startsWith("QUARKUS_DATASOURCE")), "no Kafka, no database");
        for (String service : Repo.SERVICES) {
            Map<String, Workloads.EnvValue> serviceEnv = Workloads.environment(r, Workloads.container(Workloads.deployment(r, service), service));
            assertEquals(origin, Workloads.value(serviceEnv, "RAPPORT_WEB_ORIGINS"), service + ": CORS allows the web origin only");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheIngressControllerReachesTheWeb(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        Workloads.deployment(r, "web").path("spec").path("template").path("metadata").path("labels")
                .fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        NetworkPolicyTest.Pod web = new NetworkPolicyTest.Pod(NetworkPolicyTest.APP, "web", labels);
        assertEquals(Set.of("ingress-nginx/controller"), NetworkPolicyTest.reachers(r, web, Repo.httpPort("web"), List.of()));
        assertFalse("api".equals(labels.get("app.kubernetes.io/component")), "not an API pod: the databases' policies do not admit it");
    }
}
