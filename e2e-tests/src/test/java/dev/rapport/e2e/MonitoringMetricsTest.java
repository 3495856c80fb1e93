package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rapport.testing.PromQl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and dashboards of deploy/kubernetes/base/monitoring read metrics the running
 * services expose at /q/metrics: a renamed meter, or a library meter that is not there (the Kafka
 * consumers' lag), would leave an alert silent. The deploy/kubernetes validation module checks the
 * names against the sources; this checks them against the live services.
 */
class MonitoringMetricsTest {

    private static final Path MONITORING = Path.of("..", "deploy", "kubernetes", "base", "monitoring");
    private static final Map<String, String> SERVICES = Map.of(
            "session-service", Platform.SESSIONS, "feedback-service", Platform.FEEDBACK, "analytics-service", Platform.ANALYTICS);
    /** Not the services': Prometheus makes up for each target, kube-state-metrics the Deployments' status. */
    private static final Set<String> PROMETHEUS = Set.of("up", "kube_deployment_status_replicas_available");

    @Test
    void everyMetricTheAlertRulesAndDashboardsReadIsExposed() throws IOException {
        Map<String, Set<String>> used = usedMetrics();
        assertFalse(used.isEmpty());
        // The HTTP server's meters appear with the first request (Quarkus leaves /q/* out): one
        // documented read each is enough.
        for (String url : List.of(Platform.SESSIONS + "/api/sessions", Platform.FEEDBACK + "/api/alerts/safety",
                Platform.ANALYTICS + "/api/metrics/counsellors")) {
            given().header("Authorization", Platform.bearer("admin")).get(url).then().statusCode(org.hamcrest.Matchers.lessThan(500));
        }
        // Meters that appear with their first use (a consumer's fetch metrics once it is assigned)
        // are given the time of a scrape or two.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, Set<String>> exposed = new TreeMap<>();
            SERVICES.forEach((service, url) -> exposed.put(service, families(url)));
            List<String> missing = new ArrayList<>();
            used.forEach((metric, where) -> {
                if (!PROMETHEUS.contains(metric) && exposed.values().stream().noneMatch(f -> f.contains(metric))) {
                    missing.add(metric + " (" + where + ")");
                }
            });
            assertEquals(List.of(), missing, "read by the rules or dashboards, exposed by no service");
            // Each service is watched for what it does: all serve REST (shedding what they cannot
            // take), relay an outbox and consume (their consumers' counters, like the shed
            // requests', exist from start-up, so the first one is an increase).
            for (String service : SERVICES.keySet()) {
                for (String metric : List.of("rapport_outbox_backlog_age_seconds", "rapport_outbox_publish_failures_total",
                        "kafka_consumer_fetch_manager_records_lag_max", "rapport_consumer_dead_letters_total",
                        "rapport_consumer_retries_total", "rapport_http_requests_shed_total")) {
                    assertTrue(exposed.get(service).contains(metric), service + " exposes " + metric);
                }
            }
            assertTrue(exposed.get("feedback-service").contains("rapport_safety_alerts_oldest_open_age_seconds"),
                    "feedback-service exposes the age of the oldest open safety alert");
        });
    }

    /** The families of a /q/metrics page (Prometheus text format). */
    private static Set<String> families(String baseUrl) {
        String text = given().get(baseUrl + "/q/metrics").then().statusCode(200).extract().asString();
        Set<String> names = new TreeSet<>();
        text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    /** metric -> where it is read (the alert or the dashboard file). */
    private static Map<String, Set<String>> usedMetrics() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        JsonNode rule = new YAMLMapper().readTree(MONITORING.resolve("prometheus-rule.yaml").toFile());
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                PromQl.metricNames(r.path("expr").asText()).forEach(m -> used.computeIfAbsent(m, k -> new TreeSet<>()).add(r.path("alert").asText()));
            }
        }
        try (Stream<Path> files = Files.list(MONITORING.resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (JsonNode panel : new ObjectMapper().readTree(file.toFile()).path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        PromQl.metricNames(target.path("expr").asText())
                                .forEach(m -> used.computeIfAbsent(m, k -> new TreeSet<>()).add(file.getFileName().toString()));
                    }
                }
            }
        }
        return used;
    }
}
