package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.testing.PromQl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alert rules and dashboards of base/monitoring: what they cover, and that every metric they read exists. */
class MonitoringTest {

    @Test
    void everyMetricAnExpressionReadsIsExposedByTheServices() {
        Map<String, String> own = Monitoring.exposedBySources();
        List<String> unknown = new ArrayList<>();
        Monitoring.expressions().forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            assertFalse(names.isEmpty(), where + " reads no metric: " + expr);
            for (String name : names) {
                if (!own.containsKey(name) && !Monitoring.LIBRARY.containsKey(name) && !Monitoring.NOT_FROM_SERVICES.contains(name)) {
                    unknown.add(where + ": " + name);
                }
            }
        });
        assertEquals(List.of(), unknown, "metrics no service registers (own meters: " + own.keySet() + ")");
    }

    /** A change of a name in a service's code would leave the rule reading nothing: the own meters are found. */
    @Test
    void theServicesOwnMetersAreReadFromTheirSources() {
        Map<String, String> own = Monitoring.exposedBySources();
        for (String name : List.of("rapport_outbox_backlog", "rapport_outbox_backlog_age_seconds", "rapport_outbox_set_aside",
                "rapport_outbox_publish_failures_total", "rapport_outbox_commit_to_publish_seconds_count",
                "rapport_consumer_dead_letters_total", "rapport_consumer_retries_total",
                "rapport_safety_alerts_open", "rapport_safety_alerts_oldest_open_age_seconds",
                "rapport_alliance_metrics_failures_total")) {
            assertTrue(own.containsKey(name), name + " in " + own.keySet());
        }
    }

    /** The list: consumer lag, outbox backlog age, dead-letter rate, publish failures, unacknowledged safety alerts. */
    @Test
    void theAlertRulesCoverWhatMustPageSomeone() {
        Map<String, String> exprs = Monitoring.expressions();
        Map<String, String> required = Map.of(
                "consumer lag", "kafka_consumer_fetch_manager_records_lag_max",
                "outbox backlog age", "rapport_outbox_backlog_age_seconds",
                "dead-letter rate", "rapport_consumer_dead_letters_total",
                "publish failures", "rapport_outbox_publish_failures_total",
                "unacknowledged safety alerts", "rapport_safety_alerts_oldest_open_age_seconds");
        required.forEach((what, metric) -> assertTrue(exprs.entrySet().stream()
                        .anyMatch(e -> e.getKey().startsWith("rule ") && PromQl.metricNames(e.getValue()).contains(metric)),
                "no alert rule on " + what + " (" + metric + ")"));
        assertTrue(exprs.keySet().stream().anyMatch(k -> k.startsWith("rule RapportSafetyAlertUnacknowledged critical")),
                "an unacknowledged safety alert pages at critical severity");
    }

    /** Whoever is paged finds what it means and what to do under the alert's name. */
    @Test
    void everyAlertHasARunbookInTheOperationsGuide() {
        String guide = Repo.read(Repo.ROOT.resolve("docs/operations.md"));
        Set<String> missing = new TreeSet<>();
        for (JsonNode group : Monitoring.read(Monitoring.RULE_FILE).path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                if (!guide.contains("\n### " + r.path("alert").asText() + "\n")) {
                    missing.add(r.path("alert").asText());
                }
            }
        }
        assertEquals(Set.of(), missing, "alerts without a runbook (### <alert>) in docs/operations.md");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyRuleHasASeverityAndASummary(String overlay) {
        JsonNode rule = Kustomize.overlay(overlay).get("PrometheusRule", "rapport");
        int rules = 0;
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                rules++;
                assertTrue(Set.of("warning", "critical").contains(r.path("labels").path("severity").asText()), r.toString());
                assertFalse(r.path("annotations").path("summary").asText().isBlank(), r.path("alert") + ": summary");
                assertFalse(r.path("annotations").path("description").asText().isBlank(), r.path("alert") + ": description");
            }
        }
        assertTrue(rules >= 5);
    }

    /** One dashboard per service, shipped as a ConfigMap the Grafana sidecar loads, its panels on that service only. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceHasADashboardForGrafanasSidecar(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        Set<String> uids = new TreeSet<>();
        for (String service : Repo.SERVICES) {
            ObjectNode configMap = r.configMap("rapport-dashboard-" + service);
            assertEquals("1", configMap.path("metadata").path("labels").path("grafana_dashboard").asText(), service);
            JsonNode dashboard = Monitoring.read(Monitoring.DIR.resolve("dashboards/" + service + ".json"));
            assertEquals(dashboard, Monitoring.read(Monitoring.DIR.resolve("dashboards/" + service + ".json")));
            try {
                assertEquals(dashboard, Schemas.STRICT.readTree(configMap.path("data").path(service + ".json").asText()),
                        service + ": the ConfigMap carries the file");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(service + ": the ConfigMap's dashboard is not JSON", e);
            }
            assertTrue(uids.add(dashboard.path("uid").asText()), "unique uid");
            assertTrue(dashboard.path("panels").size() >= 10, service + ": panels");
            for (JsonNode panel : dashboard.path("panels")) {
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    assertTrue(expr.contains("service=\"" + service + "\"") && expr.contains("namespace=\"$namespace\""),
                            service + " / " + panel.path("title").asText() + ": every series of this service in the chosen namespace: " + expr);
                }
            }
        }
        assertEquals(Repo.SERVICES.size(), Monitoring.dashboards().size(), "one dashboard per service, no other");
    }
}
