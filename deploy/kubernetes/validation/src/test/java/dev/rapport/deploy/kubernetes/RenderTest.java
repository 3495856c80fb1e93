package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each overlay renders with kustomize into one namespace, with the expected inventory. */
class RenderTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void overlayRendersIntoItsNamespace(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        String namespace = overlay.equals("prod") ? "rapport" : "rapport-dev";
        List<? extends JsonNode> namespaces = r.ofKind("Namespace");
        assertEquals(1, namespaces.size());
        assertEquals(namespace, Rendered.name(namespaces.get(0)));
        assertEquals("baseline", namespaces.get(0).path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText());

        Set<String> ids = new HashSet<>();
        for (JsonNode o : r.objects()) {
            assertTrue(ids.add(Rendered.id(o)), "duplicate " + Rendered.id(o));
            if (!o.path("kind").asText().equals("Namespace")) {
                assertEquals(namespace, o.path("metadata").path("namespace").asText(), Rendered.id(o));
            }
            assertEquals("rapport", o.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText(), Rendered.id(o));
        }
        assertTrue(r.find("ConfigMap", "rapport-public").isEmpty(), "the local-config host source is not applied");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void inventory(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        Map<String, Integer> kinds = new TreeMap<>();
        r.objects().forEach(o -> kinds.merge(o.path("kind").asText(), 1, Integer::sum));
        // One KafkaTopic per topic of deploy/topology.yaml (their names and configs: TopologyTest).
        // ConfigMaps: the environment (4), the web front-end's (1) and a dashboard per service (3). The web
        // front-end adds a Deployment, Service, PodDisruptionBudget, ConfigMap, Ingress and NetworkPolicy (WebTest).
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("Namespace", 1), Map.entry("ConfigMap", 8), Map.entry("Deployment", 4), Map.entry("Service", 4),
                Map.entry("PodDisruptionBudget", 4), Map.entry("HorizontalPodAutoscaler", 3), Map.entry("ServiceMonitor", 3),
                Map.entry("Ingress", 4), Map.entry("NetworkPolicy", 6), Map.entry("Kafka", 1),
                Map.entry("KafkaNodePool", overlay.equals("prod") ? 2 : 1), Map.entry("KafkaTopic", Topology.read().topics().size()), Map.entry("KafkaUser", 3),
                Map.entry("Cluster", 2), Map.entry("Database", 3), Map.entry("Keycloak", 1), Map.entry("KeycloakRealmImport", 1),
                Map.entry("PrometheusRule", 1)));
        assertEquals(expected, kinds);
    }
}
