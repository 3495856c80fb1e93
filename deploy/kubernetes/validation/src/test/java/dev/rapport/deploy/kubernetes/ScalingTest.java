package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Autoscaling within Kafka's partitions and PostgreSQL's connections; disruption budgets. */
class ScalingTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void noConsumerScalesBeyondThePartitionsOfItsTopics(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        Map<String, JsonNode> topics = KafkaTest.topics(r);
        for (String service : Repo.SERVICES) {
            int max = hpa(r, service).path("spec").path("maxReplicas").asInt();
            for (Repo.Incoming in : Repo.incoming(service).values()) {
                int partitions = topics.get(in.topic()).path("spec").path("partitions").asInt();
                assertTrue(max <= partitions, service + ": maxReplicas " + max + " > " + partitions + " partitions of " + in.topic());
            }
        }
        int analyticsMax = hpa(r, "analytics-service").path("spec").path("maxReplicas").asInt();
        assertTrue(analyticsMax <= 6, "analytics-service never beyond the 6 partitions of its topics");
        assertFalse(Repo.incoming("analytics-service").isEmpty(), "analytics-service consumes (read from its application.properties)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceHasAnAutoscalerAndADisruptionBudget(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        for (String service : Repo.SERVICES) {
            JsonNode deployment = Workloads.deployment(r, service);
            JsonNode spec = hpa(r, service).path("spec");
            assertEquals("Deployment", spec.path("scaleTargetRef").path("kind").asText());
            assertEquals(service, spec.path("scaleTargetRef").path("name").asText());
            assertTrue(spec.path("minReplicas").asInt() >= 1 && spec.path("minReplicas").asInt() <= spec.path("maxReplicas").asInt());
            assertFalse(deployment.path("spec").has("replicas"), service + ": replicas belong to the autoscaler");
            for (JsonNode metric : spec.path("metrics")) {
                if (metric.has("containerResource")) {
                    Workloads.container(deployment, metric.path("containerResource").path("container").asText());
                }
            }
            JsonNode pdb = r.get("PodDisruptionBudget", service).path("spec");
            assertEquals(1, pdb.path("maxUnavailable").asInt(), service + ": one pod at a time, never blocking a drain");
            assertEquals(service, pdb.path("selector").path("matchLabels").path("app.kubernetes.io/name").asText());
            assertEquals(deployment.path("spec").path("selector").path("matchLabels"), pdb.path("selector").path("matchLabels"));
        }
        if (overlay.equals("prod")) {
            Repo.SERVICES.forEach(s -> assertTrue(hpa(r, s).path("spec").path("minReplicas").asInt() >= 2, s + ": two pods at least in prod"));
        }
    }

    /** Every pod the autoscalers may run (and one surge pod each) gets its pool without exhausting PostgreSQL. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theConnectionPoolsFitPostgresql(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode cluster = r.get("Cluster", "rapport-db").path("spec");
        int maxConnections = Integer.parseInt(cluster.path("postgresql").path("parameters").path("max_connections").asText());
        int total = 0;
        for (String service : Repo.SERVICES) {
            JsonNode deployment = Workloads.deployment(r, service);
            Map<String, Workloads.EnvValue> env = Workloads.environment(r, Workloads.container(deployment, service));
            int pool = Integer.parseInt(Workloads.value(env, "QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE"));
            int surge = deployment.path("spec").path("strategy").path("rollingUpdate").path("maxSurge").asInt();
            int pods = hpa(r, service).path("spec").path("maxReplicas").asInt() + surge;
            int perService = pods * (pool + 1); // + Flyway's JDBC connection at start-up
            String role = "rapport_" + service.substring(0, service.indexOf('-'));
            long limit = ServicesTest.managedRole(r, role).path("connectionLimit").asLong(-1);
            assertTrue(limit == -1 || perService <= limit, role + ": connectionLimit " + limit + " < " + perService);
            total += perService;
        }
        // superuser_reserved_connections (3), streaming replicas, the operator's own: keep 20.
        assertTrue(total + 20 <= maxConnections, total + " service connections + 20 reserved > max_connections " + maxConnections);
    }

    /** The autoscalers' CPU target, in cores: a share of the request that means load, not a few idle threads. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theAutoscalersScaleOnAMeaningfulShareOfACore(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        for (String service : Repo.SERVICES) {
            JsonNode resources = Workloads.container(Workloads.deployment(r, service), service).path("resources");
            BigDecimal request = ServicesTest.amount(resources.path("requests").path("cpu"));
            BigDecimal limit = ServicesTest.amount(resources.path("limits").path("cpu"));
            for (JsonNode metric : hpa(r, service).path("spec").path("metrics")) {
                JsonNode target = metric.path("containerResource").path("target");
                assertEquals("cpu", metric.path("containerResource").path("name").asText(), service);
                assertEquals("Utilization", target.path("type").asText(), service);
                BigDecimal cores = request.multiply(BigDecimal.valueOf(target.path("averageUtilization").asInt()))
                        .divide(BigDecimal.valueOf(100));
                assertTrue(cores.compareTo(new BigDecimal("0.25")) >= 0 && cores.compareTo(BigDecimal.ONE) <= 0,
                        service + ": scales at " + cores + " cores per pod");
                assertTrue(cores.compareTo(limit) < 0, service + ": the target must lie below the CPU limit " + limit);
            }
        }
    }

    static JsonNode hpa(Rendered r, String service) {
        return r.get("HorizontalPodAutoscaler", service);
    }
}
