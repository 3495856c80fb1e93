package dev.rapport.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** latency-over-load.html: inline SVG, no script, no external resource. */
final class Chart {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#637939"};
    private static final int W = 900;
    private static final int H = 420;
    private static final int L = 70;
    private static final int R = 250;
    private static final int T = 30;
    private static final int B = 50;

    private Chart() {}

    record Series(String name, String colour, boolean dashed, List<double[]> points) {}

    static String html(Results results) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rapport benchmarks: latency over load (")
                .append(results.options.mode()).append(")</title>\n<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:920px}"
                        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "th{background:#f3f3f3}.note{color:#555;font-size:13px}</style></head><body>\n");
        h.append("<h1>Rapport benchmarks: latency over load</h1>\n<p class=\"note\">")
                .append(esc(results.options.smoke ? "Smoke run: tiny rates, proves the harness; the figures are not measurements."
                        : "Full run."))
                .append(" Run ").append(esc(String.valueOf(results.meta.get("runId")))).append(", ")
                .append(esc(String.valueOf(results.meta.get("startedAt")))).append(", ")
                .append(esc(String.valueOf(results.meta.get("noise")))).append("</p>\n");

        h.append("<h2>B1 ingest: feedback submissions, latency against the offered rate</h2>\n");
        if (results.b1Steps.isEmpty()) {
            h.append("<p>No B1 steps in this run.</p>\n");
        } else {
            List<Series> series = new ArrayList<>();
            String[][] lines = {{"p50", "50"}, {"p99", "99"}, {"max", "100"}};
            for (int i = 0; i < lines.length; i++) {
                List<double[]> pts = new ArrayList<>();
                for (Results.Step s : results.b1Steps) {
                    double v = lines[i][0].equals("max") ? s.load().maxMs() : s.load().p(Double.parseDouble(lines[i][1]));
                    pts.add(new double[] {s.load().rate(), v});
                }
                series.add(new Series(lines[i][0], COLOURS[i], lines[i][0].equals("max"), pts));
            }
            double maxRate = results.b1Steps.stream().mapToDouble(s -> s.load().rate()).max().orElse(1);
            h.append(svg(series, 0, maxRate * 1.08, false, "offered rate (feedbacks/s)", results.options.b1P99LimitMs,
                    "p99 limit " + Results.num(results.options.b1P99LimitMs) + " ms", null));
            h.append("<table><tr><th>offered /s</th><th>achieved /s</th><th>201</th><th>errors</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th><th>holds</th></tr>\n");
            for (Results.Step s : results.b1Steps) {
                OpenLoad.Result r = s.load();
                h.append(String.format(Locale.ROOT, "<tr><td>%.0f</td><td>%.0f</td><td>%d</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%s</td></tr>%n",
                        r.rate(), r.achievedPerSecond(), r.ok(), r.errors(), r.p(50), r.p(99), r.maxMs(), s.passed() ? "yes" : "no"));
            }
            h.append("</table>\n");
        }

        h.append("<h2>Percentile spectrum of every load in the run</h2>\n<p class=\"note\">x: percentile (log scale of 1/(1−p)); "
                + "y: latency. Open-model loads are measured from the intended send time; the health-endpoint ceilings are closed-model "
                + "service times.</p>\n");
        List<Series> spectrum = new ArrayList<>();
        int c = 0;
        double[] quantiles = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};
        for (Map.Entry<String, Histogram> e : results.histograms.entrySet()) {
            Histogram hist = e.getValue();
            if (hist.getTotalCount() == 0) {
                continue;
            }
            List<double[]> pts = new ArrayList<>();
            for (double q : quantiles) {
                pts.add(new double[] {Math.log10(1 / (1 - q / 100.0)), hist.getValueAtPercentile(q) / 1000.0});
            }
            pts.add(new double[] {4.6, hist.getMaxValue() / 1000.0});
            spectrum.add(new Series(e.getKey(), COLOURS[c++ % COLOURS.length], e.getKey().startsWith("ceiling"), pts));
        }
        if (spectrum.isEmpty()) {
            h.append("<p>No latency histograms in this run.</p>\n");
        } else {
            h.append(svg(spectrum, 0, 4.7, true, "percentile", Double.NaN, null,
                    new String[][] {{"0", "0%"}, {"0.301", "50%"}, {"1", "90%"}, {"2", "99%"}, {"3", "99.9%"}, {"4", "99.99%"}, {"4.6", "max"}}));
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String svg(List<Series> series, double x0, double x1, boolean percentileAxis, String xLabel,
                              double hline, String hlineLabel, String[][] xTicks) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (!Double.isNaN(p[1]) && p[1] > 0) {
                    lo = Math.min(lo, p[1]);
                    hi = Math.max(hi, p[1]);
                }
            }
        }
        if (!Double.isNaN(hline)) {
            lo = Math.min(lo, hline);
            hi = Math.max(hi, hline);
        }
        if (hi == 0) {
            lo = 1;
            hi = 10;
        }
        double yLo = Math.pow(10, Math.floor(Math.log10(Math.max(lo, 0.01))));
        double yHi = Math.pow(10, Math.ceil(Math.log10(hi * 1.01)));
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"system-ui,sans-serif\" font-size=\"12\">%n", W, H, W, H));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>%n",
                L, T, W - L - R, H - T - B));
        for (double d = yLo; d <= yHi * 1.0001; d *= 10) {
            double y = y(d, yLo, yHi);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n", L, W - R, y, y, L - 6, y + 4, Results.num(d)));
        }
        if (xTicks == null) {
            double step = niceStep(x1 - x0);
            List<String[]> ticks = new ArrayList<>();
            for (double v = x0; v <= x1; v += step) {
                ticks.add(new String[] {String.valueOf(v), step >= 1 ? String.format(Locale.ROOT, "%,.0f", v) : Results.num(v)});
            }
            xTicks = ticks.toArray(String[][]::new);
        }
        for (String[] t : xTicks) {
            double x = x(Double.parseDouble(t[0]), x0, x1);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, x, T, H - B, x, H - B + 16, esc(t[1])));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", (L + W - R) / 2, H - 10, esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">latency (log scale)</text>%n",
                (T + H - B) / 2, (T + H - B) / 2));
        if (!Double.isNaN(hline)) {
            double y = y(hline, yLo, yHi);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" fill=\"#d62728\">%s</text>%n", L, W - R, y, y, L + 6, y - 4, esc(hlineLabel)));
        }
        int legendY = T + 10;
        for (Series series1 : series) {
            StringBuilder path = new StringBuilder();
            for (double[] p : series1.points()) {
                if (Double.isNaN(p[1]) || p[1] <= 0) {
                    continue;
                }
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x(p[0], x0, x1), y(p[1], yLo, yHi)));
            }
            s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", path,
                    series1.colour(), series1.dashed() ? " stroke-dasharray=\"4 3\"" : ""));
            for (double[] p : series1.points()) {
                if (!Double.isNaN(p[1]) && p[1] > 0) {
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: %s ms</title></circle>%n",
                            x(p[0], x0, x1), y(p[1], yLo, yHi), series1.colour(), esc(series1.name()), Results.num(p[1])));
                }
            }
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", W - R + 10, W - R + 30, legendY, legendY, series1.colour(),
                    series1.dashed() ? " stroke-dasharray=\"4 3\"" : "", W - R + 36, legendY + 4, esc(series1.name())));
            legendY += 18;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double x(double v, double x0, double x1) {
        return L + (v - x0) / (x1 - x0) * (W - L - R);
    }

    private static double y(double v, double lo, double hi) {
        double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return H - B - f * (H - T - B);
    }

    private static double niceStep(double range) {
        double raw = range / 8;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (raw <= m * mag) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
