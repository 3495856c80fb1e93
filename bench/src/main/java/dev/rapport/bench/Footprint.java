package dev.rapport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B5: what the services hold in memory and how fast they start. The pids come from
 * .local/pids/&lt;service&gt;.pid, trusted only when the process's command line runs that
 * service's jar from this checkout (the same check ./platform makes).
 */
final class Footprint {

    static final List<String> SERVICES = List.of("session-service", "feedback-service", "analytics-service");
    static final List<String> INFRA = List.of("kafka", "keycloak");

    private static final Pattern STARTED = Pattern.compile("started in ([0-9]+\\.[0-9]+)s");

    private final Path root;

    Footprint(Path root) {
        this.root = root;
    }

    /** The component's pid when ./platform of this checkout started it. */
    Optional<Long> pid(String component) {
        Path file = root.resolve(".local/pids/" + component + ".pid");
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String first = Files.readString(file).trim().split("\\s+")[0];
            long pid = Long.parseLong(first);
            String cmdline = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
            String marker = switch (component) {
                case "kafka" -> root.resolve(".local/kafka/server.properties").toString();
                case "keycloak" -> root.resolve(".local/keycloak").toString();
                default -> root.resolve(component + "/target/quarkus-app/quarkus-run.jar").toString();
            };
            return cmdline.contains(marker) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** VmRSS or VmHWM (peak since start) in MB (10^6 bytes, as the targets are written). */
    static OptionalLong memoryMB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 / 1_000_000);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return OptionalLong.empty();
    }

    Map<String, Long> rssNow(List<String> components) {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String c : components) {
            pid(c).ifPresent(pid -> memoryMB(pid, "VmRSS").ifPresent(v -> rss.put(c, v)));
        }
        return rss;
    }

    Map<String, Long> peakSinceStart(List<String> components) {
        Map<String, Long> hwm = new LinkedHashMap<>();
        for (String c : components) {
            pid(c).ifPresent(pid -> memoryMB(pid, "VmHWM").ifPresent(v -> hwm.put(c, v)));
        }
        return hwm;
    }

    /** Quarkus's own "started in N.NNNs" of the service's latest start by ./platform, from its log. */
    Optional<Double> loggedStart(String service) {
        Path log = root.resolve(".local/logs/" + service + ".log");
        try {
            if (!Files.isRegularFile(log)) {
                return Optional.empty();
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            int marker = text.lastIndexOf("./platform starts " + service);
            Matcher m = STARTED.matcher(marker < 0 ? text : text.substring(marker));
            Double last = null;
            while (m.find()) {
                last = Double.parseDouble(m.group(1));
            }
            return Optional.ofNullable(last);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Samples RSS every 250 ms while open; the highest value per component. */
    final class Sampler implements AutoCloseable {
        private final Map<String, Long> max = new ConcurrentHashMap<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
        });

        Sampler(List<String> components) {
            Map<String, Long> pids = new LinkedHashMap<>();
            components.forEach(c -> pid(c).ifPresent(p -> pids.put(c, p)));
            timer.scheduleAtFixedRate(() -> pids.forEach((c, p) ->
                    memoryMB(p, "VmRSS").ifPresent(v -> max.merge(c, v, Math::max))), 0, 250, TimeUnit.MILLISECONDS);
        }

        Map<String, Long> max() {
            return new LinkedHashMap<>(max);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
