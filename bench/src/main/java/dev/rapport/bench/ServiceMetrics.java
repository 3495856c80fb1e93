package dev.rapport.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a phase added to a service's Micrometer histograms (timers and summaries published with
 * percentile buckets), read from its {@code /q/metrics} before and after the phase: a count, a
 * mean, and quantiles given as the upper edge of the bucket they fall in. B2 reports the stages
 * of its path this way, so that every run says where its time went.
 */
final class ServiceMetrics {

    /** One scrape: every sample by name and labels ({@code le} included for buckets). */
    record Snapshot(List<Sample> samples) {

        static final Snapshot EMPTY = new Snapshot(List.of());

        static Snapshot parse(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                Sample.parse(line).ifPresent(samples::add);
            }
            return new Snapshot(samples);
        }

        private double sum(String name, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).mapToDouble(Sample::value).sum();
        }

        /** The buckets of a histogram with these labels: upper edge → cumulative count. */
        private TreeMap<Double, Double> buckets(String name, Map<String, String> labels) {
            TreeMap<Double, Double> buckets = new TreeMap<>();
            for (Sample s : samples) {
                if (s.name().equals(name + "_bucket") && s.labels().containsKey("le")) {
                    Map<String, String> rest = new HashMap<>(s.labels());
                    String le = rest.remove("le");
                    if (rest.equals(labels)) {
                        buckets.put("+Inf".equals(le) ? Double.POSITIVE_INFINITY : edge(le), s.value());
                    }
                }
            }
            return buckets;
        }

        private static double edge(String le) {
            try {
                return Double.parseDouble(le);
            } catch (NumberFormatException e) {
                return Double.NaN; // not a bucket edge: sorted last, never a quantile's
            }
        }
    }

    record Sample(String name, Map<String, String> labels, double value) {

        /** A line of the text format, exemplar ({@code # {...}}) and comments left out. */
        static Optional<Sample> parse(String line) {
            int exemplar = line.indexOf(" # ");
            String l = (exemplar >= 0 ? line.substring(0, exemplar) : line).trim();
            if (l.isEmpty() || l.startsWith("#")) {
                return Optional.empty();
            }
            int open = l.indexOf('{');
            int close = l.lastIndexOf('}');
            int space = l.lastIndexOf(' ');
            if (space < 0 || (open >= 0 && close < open)) {
                return Optional.empty();
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (open >= 0) {
                // the text format 0.0.4 ends the labels with a comma: {le="0.001",}
                for (String pair : l.substring(open + 1, close).split(",(?=[a-zA-Z_]+=\")")) {
                    int eq = pair.indexOf("=\"");
                    int end = pair.lastIndexOf('"');
                    if (eq > 0 && end > eq + 1) {
                        labels.put(pair.substring(0, eq), pair.substring(eq + 2, end));
                    }
                }
            }
            try {
                return Optional.of(new Sample(l.substring(0, open >= 0 ? open : space), Map.copyOf(labels),
                        Double.parseDouble(l.substring(space + 1))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** What a phase added: quantiles are bucket edges (NaN without buckets). */
    record Added(long count, double mean, double p50, double p99) {}

    private ServiceMetrics() {}

    /** The service's metrics now; empty when it does not answer (the phase's rows then say nothing). */
    static Snapshot read(Http http, String service) {
        try {
            // the text format: asked for JSON, the endpoint answers 406
            var response = http.send(http.request(service + "/q/metrics", null).header("Accept", "text/plain").GET().build());
            return response.statusCode() == 200 ? Snapshot.parse(response.body()) : Snapshot.EMPTY;
        } catch (IllegalStateException e) {
            return Snapshot.EMPTY;
        }
    }

    /** What happened to histogram {@code name} with {@code labels} between the two scrapes; empty when nothing did. */
    static Optional<Added> added(Snapshot before, Snapshot after, String name, Map<String, String> labels) {
        double count = after.sum(name + "_count", labels) - before.sum(name + "_count", labels);
        if (count < 1) {
            return Optional.empty();
        }
        double sum = after.sum(name + "_sum", labels) - before.sum(name + "_sum", labels);
        TreeMap<Double, Double> was = before.buckets(name, labels);
        TreeMap<Double, Double> now = after.buckets(name, labels);
        return Optional.of(new Added(Math.round(count), sum / count, quantile(was, now, count, 0.5), quantile(was, now, count, 0.99)));
    }

    private static double quantile(TreeMap<Double, Double> was, TreeMap<Double, Double> now, double count, double q) {
        for (var bucket : now.entrySet()) {
            if (bucket.getValue() - was.getOrDefault(bucket.getKey(), 0.0) >= q * count) {
                return bucket.getKey();
            }
        }
        return Double.NaN;
    }
}
