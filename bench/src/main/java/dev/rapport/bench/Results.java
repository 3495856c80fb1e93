package dev.rapport.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything one run measured: the table of docs/benchmarks.md, the raw numbers (results.json,
 * results.csv, b1-steps.csv, one .hgrm percentile distribution per load), and the chart.
 */
final class Results {

    record Row(String id, String figure, String measured, String target, String ceiling, String ratio, String verdict) {}

    record Metric(String bench, String metric, Double value, String unit, String target, String verdict, String note) {}

    record Step(OpenLoad.Result load, boolean passed, Map<String, Long> rssMaxMB) {}

    final Options options;
    final Map<String, Object> meta = new LinkedHashMap<>();
    final Map<String, Object> raw = new LinkedHashMap<>();
    final List<Row> rows = new ArrayList<>();
    final List<Metric> metrics = new ArrayList<>();
    final List<String> notAvailable = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final Map<String, Histogram> histograms = new LinkedHashMap<>();
    final List<Step> b1Steps = new ArrayList<>();
    boolean targetMissed;

    Results(Options options) {
        this.options = options;
    }

    void row(String id, String figure, String measured, String target, String ceiling, String ratio, String verdict) {
        boolean judged = "meets".equals(verdict) || "misses".equals(verdict);
        if (judged && options.smoke) {
            // tiny rates on purpose: a smoke run proves the harness, it does not judge the platform
            verdict = "not judged (smoke)";
        }
        rows.add(new Row(id, figure, measured, target, ceiling, ratio, verdict));
        if ("misses".equals(verdict)) {
            targetMissed = true;
        }
    }

    void metric(String bench, String metric, Double value, String unit, String target, String verdict, String note) {
        metrics.add(new Metric(bench, metric, value == null || value.isNaN() ? null : value, unit, target, verdict, note));
    }

    static String verdict(boolean meets) {
        return meets ? "meets" : "misses";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ms(double v) {
        return num(v) + " ms";
    }

    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "–";
        }
        double r = a / b;
        if (r > 0 && r < 0.001) {
            return "< 0.001";
        }
        return r >= 0.1 ? String.format(Locale.ROOT, "%.2f", r) : String.format(Locale.ROOT, "%.3f", r);
    }

    // ------------------------------------------------------------------------------ writing

    void write() throws IOException {
        Path out = options.out;
        Files.createDirectories(out);
        // the previous run of this mode: its histograms may have other names
        try (var old = Files.list(out)) {
            for (Path f : old.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".hgrm") || List.of("results.json", "results.csv", "b1-steps.csv", "latency-over-load.html").contains(n)) {
                    Files.delete(f);
                }
            }
        }
        for (var e : histograms.entrySet()) {
            Files.writeString(out.resolve(e.getKey() + ".hgrm"), distribution(e.getValue()));
        }
        Files.writeString(out.resolve("results.json"), Json.pretty(json()));
        Files.writeString(out.resolve("results.csv"), csv());
        Files.writeString(out.resolve("b1-steps.csv"), stepsCsv());
        Files.writeString(out.resolve("latency-over-load.html"), Chart.html(this));
        BenchmarksDoc.update(options.docs.resolve("benchmarks.md"), options.mode(), markdown());
    }

    static String distribution(Histogram h) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            // microseconds recorded, milliseconds printed
            h.outputPercentileDistribution(ps, 5, 1000.0);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("meta", meta);
        root.put("table", rows);
        root.put("metrics", metrics);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : b1Steps) {
            steps.add(load(s.load(), s.passed(), s.rssMaxMB()));
        }
        root.put("b1Steps", steps);
        root.put("details", raw);
        root.put("notAvailable", notAvailable);
        root.put("failures", failures);
        root.put("notes", notes);
        return root;
    }

    static Map<String, Object> load(OpenLoad.Result r, Boolean passed, Map<String, Long> rss) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("offeredPerSecond", r.rate());
        m.put("seconds", r.duration().toMillis() / 1000.0);
        m.put("scheduled", r.scheduled());
        m.put("ok", r.ok());
        m.put("errors", r.errors());
        m.put("errorKinds", r.errorKinds());
        m.put("errorSamples", r.errorSamples());
        m.put("achievedPerSecond", round(r.achievedPerSecond()));
        m.put("p50Ms", round(r.p(50)));
        m.put("p90Ms", round(r.p(90)));
        m.put("p99Ms", round(r.p(99)));
        m.put("p999Ms", round(r.p(99.9)));
        m.put("maxMs", round(r.maxMs()));
        m.put("driverMaxLagMs", round(r.maxSendLagMs()));
        if (passed != null) {
            m.put("passed", passed);
        }
        if (rss != null) {
            m.put("rssMaxMB", rss);
        }
        return m;
    }

    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }

    private String csv() {
        StringBuilder sb = new StringBuilder("bench,metric,value,unit,target,verdict,note\n");
        for (Metric m : metrics) {
            sb.append(String.join(",", csvCell(m.bench()), csvCell(m.metric()), m.value() == null ? "" : String.valueOf(round(m.value())),
                    csvCell(m.unit()), csvCell(m.target()), csvCell(m.verdict()), csvCell(m.note()))).append('\n');
        }
        return sb.toString();
    }

    private String stepsCsv() {
        StringBuilder sb = new StringBuilder("offered_per_s,seconds,sent,ok,errors,achieved_per_s,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,"
                + "driver_max_lag_ms,passed,rss_max_session_mb,rss_max_feedback_mb,rss_max_analytics_mb\n");
        for (Step s : b1Steps) {
            OpenLoad.Result r = s.load();
            sb.append(String.format(Locale.ROOT, "%.0f,%.0f,%d,%d,%d,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%s,%s,%s,%s%n",
                    r.rate(), r.duration().toMillis() / 1000.0, r.scheduled(), r.ok(), r.errors(), r.achievedPerSecond(),
                    r.p(50), r.p(90), r.p(99), r.p(99.9), r.maxMs(), r.maxSendLagMs(), s.passed(),
                    s.rssMaxMB().getOrDefault("session-service", -1L), s.rssMaxMB().getOrDefault("feedback-service", -1L),
                    s.rssMaxMB().getOrDefault("analytics-service", -1L)));
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    // ----------------------------------------------------------------------------- markdown

    String markdown() {
        StringBuilder md = new StringBuilder();
        String title = options.smoke ? "Smoke run (CI: proves the harness; tiny rates, not a measurement)" : "Full run";
        md.append("### ").append(title).append("\n\n");
        md.append(String.format(Locale.ROOT, "Run `%s`, %s, commit `%s`, %s cores, load average %s at the start and %s at the end, seed %s, %s.%n%n",
                meta.get("runId"), meta.get("startedAt"), meta.get("commit"), meta.get("cores"), meta.get("loadAverageAtStart"),
                meta.get("loadAverageAtEnd"), meta.get("seed"), meta.get("duration")));
        md.append("> ").append(meta.getOrDefault("noise", "")).append("\n\n");
        md.append("| | figure | measured | target | ceiling (same run) | ratio | verdict |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(String.join(" | ", r.id(), r.figure(), r.measured(), r.target(), r.ceiling(), r.ratio(), r.verdict()))
                    .append(" |\n");
        }
        if (!b1Steps.isEmpty()) {
            md.append("\nB1 steps (open model; latency from the intended send time):\n\n");
            md.append("| offered /s | sent | 201 | errors | achieved /s | p50 | p99 | max | p99 < ")
                    .append(num(options.b1P99LimitMs)).append(" ms, no errors | RSS max session / feedback / analytics |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (Step s : b1Steps) {
                OpenLoad.Result r = s.load();
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d%s | %s | %s | %s | %s | %s | %s / %s / %s MB |%n",
                        num(r.rate()), r.scheduled(), r.ok(), r.errors(), r.errorKinds().isEmpty() ? "" : " " + r.errorKinds(),
                        num(r.achievedPerSecond()), ms(r.p(50)), ms(r.p(99)), ms(r.maxMs()), s.passed() ? "yes" : "no",
                        s.rssMaxMB().getOrDefault("session-service", -1L), s.rssMaxMB().getOrDefault("feedback-service", -1L),
                        s.rssMaxMB().getOrDefault("analytics-service", -1L)));
            }
        }
        if (!notAvailable.isEmpty()) {
            md.append("\nNot measurable yet:\n\n");
            notAvailable.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        if (!failures.isEmpty()) {
            md.append("\nFailed phases:\n\n");
            failures.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        String dir = options.docs.relativize(options.out).toString();
        md.append(String.format(Locale.ROOT, "%nRaw numbers: [results.json](%1$s/results.json), [results.csv](%1$s/results.csv), "
                + "[b1-steps.csv](%1$s/b1-steps.csv), one `.hgrm` percentile distribution per load in [%1$s/](%1$s/); "
                + "chart: [latency-over-load.html](%1$s/latency-over-load.html).%n", dir));
        return md.toString();
    }
}
