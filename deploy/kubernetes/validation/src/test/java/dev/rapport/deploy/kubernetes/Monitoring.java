package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The alert rules and dashboards of base/monitoring, and the metric names the services expose:
 * their own meters, read from the sources (Micrometer's Prometheus naming), and the library meters
 * the rules use, listed with where they come from.
 */
final class Monitoring {

    static final Path DIR = Repo.KUBERNETES.resolve("base/monitoring");
    static final Path RULE_FILE = DIR.resolve("prometheus-rule.yaml");

    /**
     * Meters that Quarkus and Micrometer register, not Rapport's code: the names the rules and
     * dashboards may use besides the services' own. The e2e suite (MonitoringMetricsTest) reads
     * them from the running services' /q/metrics; here they can only be listed.
     */
    static final Map<String, String> LIBRARY = Map.of(
            "http_server_requests_seconds_count", "Quarkus Micrometer, HTTP server binder",
            "http_server_requests_seconds_sum", "Quarkus Micrometer, HTTP server binder",
            "jvm_memory_used_bytes", "Micrometer JvmMemoryMetrics",
            "jvm_memory_max_bytes", "Micrometer JvmMemoryMetrics",
            "process_cpu_usage", "Micrometer ProcessorMetrics",
            "kafka_consumer_fetch_manager_records_lag_max",
            "Micrometer KafkaClientMetrics (Quarkus' Kafka binder): records-lag-max of the consumer's fetch manager");

    /** Not the services': Prometheus makes {@code up} for every target; kube-state-metrics (kube-prometheus-stack) the Deployments' status. */
    static final Set<String> NOT_FROM_SERVICES = Set.of("up", "kube_deployment_status_replicas_available");

    private Monitoring() {
    }

    /** Every PromQL expression of the rule file and the dashboards: where -> expression. */
    static Map<String, String> expressions() {
        Map<String, String> exprs = new TreeMap<>();
        JsonNode rule = read(RULE_FILE);
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                exprs.put("rule " + r.path("alert").asText(r.path("record").asText()) + " " + r.path("labels").path("severity").asText(),
                        r.path("expr").asText());
            }
        }
        for (Path dashboard : dashboards()) {
            JsonNode d = read(dashboard);
            for (JsonNode panel : d.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    exprs.put(dashboard.getFileName() + " " + panel.path("title").asText() + " " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
            for (JsonNode variable : d.path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    String q = variable.path("query").asText();
                    Matcher m = Pattern.compile("label_values\\((.*),\\s*\\w+\\)").matcher(q);
                    exprs.put(dashboard.getFileName() + " $" + variable.path("name").asText(), m.matches() ? m.group(1) : q);
                }
            }
        }
        return exprs;
    }

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(DIR.resolve("dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return Rendered.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** The services' own meters in Prometheus' naming: family -> the source file that registers it. */
    static Map<String, String> exposedBySources() {
        Map<String, String> exposed = new TreeMap<>();
        Pattern builder = Pattern.compile("(Counter|Timer|Gauge|DistributionSummary)\\.builder\\(\\s*\"([^\"]+)\"((?:\"(?:[^\"\\\\]|\\\\.)*\"|[^;\"])*);", Pattern.DOTALL);
        Pattern registryGauge = Pattern.compile("registry\\.gauge\\(\\s*\"([^\"]+)\"");
        List<String> modules = new ArrayList<>(Repo.SERVICES);
        modules.add("platform-support");
        for (String module : modules) {
            try (Stream<Path> files = Files.walk(Repo.ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String src = Repo.read(f);
                    String where = Repo.ROOT.relativize(f).toString();
                    Matcher b = builder.matcher(src);
                    while (b.find()) {
                        String base = b.group(2).replace('.', '_');
                        String rest = b.group(3);
                        switch (b.group(1)) {
                            case "Counter" -> exposed.put(base + "_total", where);
                            case "Timer" -> {
                                for (String suffix : List.of("", "_count", "_sum", "_max", "_bucket")) {
                                    exposed.put(base + "_seconds" + suffix, where);
                                }
                            }
                            case "DistributionSummary" -> {
                                for (String suffix : List.of("", "_count", "_sum", "_max", "_bucket")) {
                                    exposed.put(base + suffix, where);
                                }
                            }
                            default -> {
                                Matcher unit = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"").matcher(rest);
                                exposed.put(unit.find() ? base + "_" + unit.group(1) : base, where);
                            }
                        }
                    }
                    Matcher g = registryGauge.matcher(src);
                    while (g.find()) {
                        exposed.put(g.group(1).replace('.', '_'), where);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return exposed;
    }
}
