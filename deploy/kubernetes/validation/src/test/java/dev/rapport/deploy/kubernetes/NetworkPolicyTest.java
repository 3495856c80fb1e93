package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays Kubernetes' NetworkPolicy rules (plus the policies Strimzi and the Keycloak operator derive
 * from their resources) on a model of the pods that run: who may open which port of whom.
 */
class NetworkPolicyTest {

    record Pod(String namespace, String name, Map<String, String> labels) {
        String id() {
            return namespace.equals(APP) ? name : namespace + "/" + name;
        }
    }

    static final String APP = "app";

    /** The pods of the namespace (services from the rendered Deployments, the operators' pods by their labels). */
    static List<Pod> pods(Rendered r) {
        List<Pod> pods = new java.util.ArrayList<>();
        for (String service : Repo.SERVICES) {
            Map<String, String> labels = new LinkedHashMap<>();
            Workloads.deployment(r, service).path("spec").path("template").path("metadata").path("labels")
                    .fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            pods.add(new Pod(APP, service, labels));
        }
        // Strimzi and the Keycloak operator copy the resource's labels (part-of=rapport) onto their pods.
        pods.add(new Pod(APP, "kafka-broker", Map.of("strimzi.io/cluster", "rapport", "strimzi.io/kind", "Kafka",
                "strimzi.io/pool-name", "broker", "app.kubernetes.io/part-of", "rapport")));
        pods.add(new Pod(APP, "entity-operator", Map.of("strimzi.io/cluster", "rapport", "strimzi.io/kind", "Kafka",
                "strimzi.io/name", "rapport-entity-operator", "app.kubernetes.io/part-of", "rapport")));
        pods.add(new Pod(APP, "rapport-db", Map.of("cnpg.io/cluster", "rapport-db", "cnpg.io/instanceRole", "primary")));
        pods.add(new Pod(APP, "keycloak-db", Map.of("cnpg.io/cluster", "keycloak-db", "cnpg.io/instanceRole", "primary")));
        pods.add(new Pod(APP, "keycloak", Map.of("app", "keycloak", "app.kubernetes.io/managed-by", "keycloak-operator",
                "app.kubernetes.io/instance", "keycloak", "app.kubernetes.io/part-of", "rapport")));
        pods.add(new Pod(APP, "keycloak-realm-import", Map.of("app", "keycloak-realm-import",
                "app.kubernetes.io/managed-by", "keycloak-operator", "app.kubernetes.io/instance", "keycloak")));
        // cert-manager's HTTP-01 solver (its pod label), started in the namespace of the Certificate.
        pods.add(new Pod(APP, "acme-solver", Map.of("acme.cert-manager.io/http01-solver", "true")));
        pods.add(new Pod(APP, "someone-else", Map.of("run", "debug")));
        pods.add(new Pod("ingress-nginx", "controller", Map.of("app.kubernetes.io/name", "ingress-nginx")));
        pods.add(new Pod("monitoring", "prometheus", Map.of("app.kubernetes.io/name", "prometheus")));
        pods.add(new Pod("cnpg-system", "operator", Map.of("app.kubernetes.io/name", "cloudnative-pg")));
        pods.add(new Pod("elsewhere", "anything", Map.of("app.kubernetes.io/name", "ingress-nginx")));
        return pods;
    }

    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector.has("matchExpressions")) {
            throw new AssertionError("matchExpressions are not modelled: " + selector);
        }
        for (var it = selector.path("matchLabels").fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean peerAdmits(JsonNode peer, Pod source) {
        boolean hasNs = peer.has("namespaceSelector");
        boolean hasPod = peer.has("podSelector");
        if (peer.has("ipBlock")) {
            throw new AssertionError("ipBlock peers are not modelled: " + peer);
        }
        boolean nsOk = hasNs
                ? selects(peer.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", source.namespace()))
                : source.namespace().equals(APP);
        boolean podOk = !hasPod || selects(peer.path("podSelector"), source.labels());
        return nsOk && podOk;
    }

    static boolean portAdmits(JsonNode ports, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (p.path("port").asInt(-1) == port) {
                return true;
            }
        }
        return false;
    }

    /** The pods that may open target:port under the namespace's NetworkPolicies (and extra operator-made rules). */
    static Set<String> reachers(Rendered r, Pod target, int port, List<JsonNode> operatorRules) {
        List<JsonNode> rules = new java.util.ArrayList<>(operatorRules);
        boolean isolated = !operatorRules.isEmpty();
        for (JsonNode np : r.ofKind("NetworkPolicy")) {
            JsonNode spec = np.path("spec");
            if (!selects(spec.path("podSelector"), target.labels())) {
                continue;
            }
            if (spec.path("policyTypes").toString().contains("Ingress") || spec.has("ingress")) {
                isolated = true;
                spec.path("ingress").forEach(rules::add);
            }
        }
        Set<String> allowed = new TreeSet<>();
        for (Pod source : pods(r)) {
            if (!isolated) {
                allowed.add(source.id());
                continue;
            }
            for (JsonNode rule : rules) {
                boolean fromOk = !rule.has("from") || rule.path("from").isEmpty();
                for (JsonNode peer : rule.path("from")) {
                    fromOk |= peerAdmits(peer, source);
                }
                if (fromOk && portAdmits(rule.path("ports"), port)) {
                    allowed.add(source.id());
                }
            }
        }
        return allowed;
    }

    static Pod pod(Rendered r, String name) {
        return pods(r).stream().filter(p -> p.namespace().equals(APP) && p.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everythingStartsClosed(String overlay) {
        JsonNode deny = Kustomize.overlay(overlay).get("NetworkPolicy", "default-deny-ingress").path("spec");
        assertEquals("{}", deny.path("podSelector").toString());
        assertEquals("[\"Ingress\"]", deny.path("policyTypes").toString());
        assertTrue(deny.path("ingress").isMissingNode());
        Rendered r = Kustomize.overlay(overlay);
        assertEquals(Set.of(), reachers(r, pod(r, "someone-else"), 8080, List.of()), "an unlisted pod is closed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheIngressControllerAndPrometheusReachTheApis(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        for (String service : Repo.SERVICES) {
            assertEquals(Set.of("ingress-nginx/controller", "monitoring/prometheus"),
                    reachers(r, pod(r, service), Repo.httpPort(service), List.of()), service);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheServicesReachPostgresql(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        assertEquals(new TreeSet<>(List.of("session-service", "feedback-service", "analytics-service",
                        "rapport-db", "cnpg-system/operator")),
                reachers(r, pod(r, "rapport-db"), 5432, List.of()),
                "rapport-db: the services, its own instances (replication) and the operator");
        assertEquals(new TreeSet<>(List.of("keycloak", "keycloak-realm-import", "keycloak-db", "cnpg-system/operator")),
                reachers(r, pod(r, "keycloak-db"), 5432, List.of()),
                "keycloak-db: Keycloak and its realm import only");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheServicesReachKafka(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode listener = r.get("Kafka", "rapport").path("spec").path("kafka").path("listeners").get(0);
        assertEquals("internal", listener.path("type").asText(), "no listener outside the cluster");
        // Strimzi writes a NetworkPolicy whose rule for the listener's port admits networkPolicyPeers.
        JsonNode rule = Rendered.YAML.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("from", listener.path("networkPolicyPeers"))
                .set("ports", Rendered.YAML.createArrayNode().add(Rendered.YAML.createObjectNode().put("port", listener.path("port").asInt())));
        assertTrue(listener.path("networkPolicyPeers").size() > 0, "without peers Strimzi opens the listener to everyone");
        assertEquals(new TreeSet<>(Repo.SERVICES), reachers(r, pod(r, "kafka-broker"), listener.path("port").asInt(), List.of(rule)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void keycloakIsReachedByTheIngressControllerAndTheServices(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode spec = r.get("Keycloak", "keycloak").path("spec");
        assertTrue(spec.path("networkPolicy").path("enabled").asBoolean(false));
        JsonNode rule = Rendered.YAML.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("from", spec.path("networkPolicy").path("http"))
                .set("ports", Rendered.YAML.createArrayNode().add(Rendered.YAML.createObjectNode().put("port", spec.path("http").path("httpPort").asInt())));
        Set<String> expected = new TreeSet<>(Repo.SERVICES);
        expected.add("ingress-nginx/controller");
        assertEquals(expected, reachers(r, pod(r, "keycloak"), 8080, List.of(rule)));
        assertEquals(false, spec.path("ingress").path("enabled").asBoolean(true), "no operator Ingress publishing /admin");
    }

    /** Let's Encrypt fetches the HTTP-01 token through the ingress controller from cert-manager's solver pod. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theIngressControllerReachesCertManagersHttp01Solver(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        assertEquals(Set.of("ingress-nginx/controller"), reachers(r, pod(r, "acme-solver"), 8089, List.of()));
        assertEquals(Set.of(), reachers(r, pod(r, "acme-solver"), 8080, List.of()), "nothing but the solver's port");
    }
}
