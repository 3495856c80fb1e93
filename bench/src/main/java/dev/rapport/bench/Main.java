package dev.rapport.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Issue 6: how fast, how fresh and how lean Rapport is, against this machine's own ceilings, in
 * one run. Phases, in order: footprint at rest, ceilings (Kafka perf tools, a trivial endpoint),
 * bench users, B1 ingest (with B5 under load), B2 freshness, history on the topics, B3 rebuild
 * (beside its ceiling; B4 waits for its switch-over), B4 query, B5 start-up; then the table, the
 * raw numbers and the chart.
 */
public final class Main {

    private static final List<String> ROW_ORDER = List.of("B1", "B2", "B3", "B4", "B5", "ceiling");
    /** Within a benchmark, its figures first, then what stands beside them. */
    private static final Set<String> SECONDARY = Set.of("info", "ceiling");
    private static final String BENCH_ADMIN = "bench-admin";
    private static final String ALLIANCE_METRICS = "alliance-metrics";

    private final Options o;
    private final Results results;
    /** The phases before which the bench did autovacuum's work ({@link #vacuum}). */
    private final List<String> vacuumedBefore = new ArrayList<>();
    private final Footprint footprint;
    private final Http api;
    private final LoadClient load;
    private Kafka kafka;
    private Keycloak keycloak;
    private Sessions sessions;

    private final List<Keycloak.User> counsellors = new ArrayList<>();
    private final List<Keycloak.User> clients = new ArrayList<>();
    private final List<Keycloak.User> probes = new ArrayList<>();
    private Keycloak.User supervisor;
    private Keycloak.User benchAdmin;
    /** The rebuild B3 started: B4 does not query while it runs. */
    private RebuildOperation rebuildOp;

    // ceilings, for the ratios
    private double producerCeiling = Double.NaN;
    private double consumerCeiling = Double.NaN;
    private double healthFeedback = Double.NaN;
    private double healthAnalytics = Double.NaN;
    private double catchUpRate = Double.NaN;
    private double topicConsumerCeiling = Double.NaN;
    private List<UUID> historyCounsellors = List.of();
    private String historyLabel = "";
    private Map<String, Long> rssAtRest = Map.of();
    private final Map<String, Long> rssUnderB1 = new LinkedHashMap<>();
    private final SplittableRandom random;
    /** Sessions made ahead (the smoke run makes all of B1's and B2's at once: one wait for the projection). */
    private final java.util.ArrayDeque<Sessions.Ended> made = new java.util.ArrayDeque<>();

    private Main(Options o) {
        this.o = o;
        this.results = new Results(o);
        this.footprint = new Footprint(o.root);
        this.api = new Http("api", 8, o.requestTimeout);
        this.load = new LoadClient(o.connections, o.requestTimeout);
        this.random = new SplittableRandom(o.seed);
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(Options.usage());
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        Main main = new Main(options);
        try {
            status = main.run();
        } finally {
            main.close();
        }
        System.exit(status);
    }

    private int run() {
        long t0 = System.nanoTime();
        meta();
        Log.phase("Rapport benchmarks, " + o.mode() + " run " + o.runId + " (seed " + o.seed + ") against " + Http.HOST);
        if (!platformUp()) {
            return 2;
        }
        rssAtRest = footprint.rssNow(Footprint.SERVICES);
        Map<String, Long> infra = footprint.rssNow(Footprint.INFRA);
        Log.info("RSS at rest: %s; infrastructure: %s", rssAtRest, infra);
        results.raw.put("rssAtRestMB", rssAtRest);
        results.raw.put("rssInfraAtRestMB", infra);

        phase("ceilings", "Ceilings: Kafka perf tools, trivial endpoint", this::ceilings);
        boolean usersReady = phase(null, "Bench users and tokens (Keycloak)", this::users);
        if (usersReady) {
            phase("b1", "B1 ingest: feedback submissions, stepped arrival rate", this::ingest);
            phase("b2", "B2 freshness: feedback 201 -> counsellor's view", this::freshness);
        } else {
            results.failures.add("B1, B2 and B4 not run: no bench users");
        }
        phase("history", "History on the topics (B3 and B4 data; the live consumers working it off)", this::history);
        phase("b3", "B3 rebuild: POST /api/admin/rebuild until SWITCHED, beside ConsumerPerformance on the same topics", this::rebuild);
        if (usersReady) {
            phase("b4", "B4 query: GET the counsellor view at a fixed rate", this::query);
        }
        phase("b5", "B5 footprint and start-up", this::footprintPhase);

        if (!vacuumedBefore.isEmpty()) {
            results.notes.add("PostgreSQL runs without autovacuum here: the bench ran VACUUM (ANALYZE) of the services' databases"
                    + " (./platform vacuum) before " + String.join(", ", vacuumedBefore) + ", as autovacuum would have by then");
        }
        results.meta.put("loadAverageAtEnd", loadAverage());
        results.meta.put("duration", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9));
        results.rows.sort(Comparator.<Results.Row>comparingInt(r -> ROW_ORDER.indexOf(r.id().startsWith("B") ? r.id().substring(0, 2) : "ceiling"))
                .thenComparing(r -> SECONDARY.contains(r.verdict())));
        if (o.smoke) {
            smokeChecks();
        }
        try {
            results.write();
        } catch (IOException | RuntimeException e) {
            Log.warn("writing the results failed: %s", e);
            return 1;
        }
        Log.phase("Results");
        results.rows.forEach(r -> Log.info("%-7s %-60s %s  [target %s; %s]", r.id(), Json.abbreviate(r.figure(), 60), r.measured(), r.target(), r.verdict()));
        results.notAvailable.forEach(n -> Log.info("not available: %s", n));
        results.failures.forEach(f -> Log.warn("FAILED: %s", f));
        Log.info("written: %s, %s (section %s)", o.out, o.docs.resolve("benchmarks.md"), o.mode());
        Log.info("run took %.0f s", (System.nanoTime() - t0) / 1e9);
        if (!results.failures.isEmpty()) {
            return 1;
        }
        return o.strict && results.targetMissed ? 3 : 0;
    }

    private interface Phase {
        void run() throws Exception;
    }

    private boolean phase(String name, String title, Phase phase) {
        if (name != null && !o.runs(name)) {
            Log.phase(title + ": skipped (--skip)");
            results.notes.add(title + ": skipped on the command line");
            return false;
        }
        Log.phase(title);
        long t = System.nanoTime();
        try {
            phase.run();
            Log.info("(%s took %.1f s)", name == null ? "phase" : name, (System.nanoTime() - t) / 1e9);
            return true;
        } catch (Exception | AssertionError e) {
            String message = title + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
            Log.warn("%s", message);
            if (System.getenv("BENCH_DEBUG") != null) {
                e.printStackTrace();
            }
            results.failures.add(message);
            return false;
        }
    }

    // ------------------------------------------------------------------------- preflight

    private void meta() {
        results.meta.put("runId", o.runId);
        results.meta.put("mode", o.mode());
        results.meta.put("startedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        results.meta.put("seed", o.seed);
        results.meta.put("commit", commit());
        results.meta.put("cores", Runtime.getRuntime().availableProcessors());
        results.meta.put("loadAverageAtStart", loadAverage());
        results.meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        results.meta.put("host", Http.HOST);
        double load = Double.parseDouble(String.valueOf(results.meta.get("loadAverageAtStart")).split(" ")[0]);
        int cores = Runtime.getRuntime().availableProcessors();
        results.meta.put("noise", String.format(Locale.ROOT,
                "The driver, Kafka, Keycloak, PostgreSQL and the three services share %d cores on one machine: every figure is"
                        + " read against this machine's own ceilings measured in the same run, not as a capacity statement.%s", cores,
                load > cores * 0.5 ? String.format(Locale.ROOT, " Other builds and test runs were going on (load average %.1f at the start):"
                        + " the figures are noisy; repeat the run on a quiet machine before reading them.", load) : ""));
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("b1Rates", o.b1Rates);
        opts.put("b1StepSeconds", o.b1Step.toSeconds());
        opts.put("b1P99LimitMs", o.b1P99LimitMs);
        opts.put("b2Rate", o.b2Rate);
        opts.put("b2Seconds", o.b2Duration.toSeconds());
        opts.put("pollMs", o.pollInterval.toMillis());
        opts.put("historyEvents", o.historyEvents);
        opts.put("historyCounsellors", o.historyCounsellors);
        opts.put("b4Rate", o.b4Rate);
        opts.put("b4Seconds", o.b4Duration.toSeconds());
        opts.put("kafkaRecords", o.kafkaRecords);
        opts.put("consumerPerfMessages", o.consumerPerfMessages);
        opts.put("rebuildDeadlineSeconds", o.rebuildDeadline.toSeconds());
        opts.put("rebuildPollMs", o.rebuildPoll.toMillis());
        opts.put("users", Map.of("counsellors", o.counsellors, "clients", o.clients, "probeCounsellors", o.probeCounsellors));
        opts.put("skip", o.skip);
        results.meta.put("options", opts);
    }

    private boolean platformUp() {
        List<String> down = new ArrayList<>();
        for (var e : Map.of("session-service", Http.SESSIONS, "feedback-service", Http.FEEDBACK, "analytics-service", Http.ANALYTICS).entrySet()) {
            int s = api.status(e.getValue() + "/q/health/ready");
            if (s != 200) {
                down.add(e.getKey() + " (" + e.getValue() + "/q/health/ready: " + (s == 0 ? "nothing listens" : s) + ")");
            }
        }
        if (api.status(Keycloak.REALM + "/.well-known/openid-configuration") != 200) {
            down.add("Keycloak (" + Keycloak.REALM + ")");
        }
        try {
            kafka = new Kafka(o.root);
            kafka.clusterId();
        } catch (Exception e) {
            down.add("Kafka (" + Http.KAFKA + ": " + e.getMessage() + ")");
        }
        if (!down.isEmpty()) {
            System.err.println("\nbench: the platform is not up: " + String.join("; ", down));
            System.err.println("Start it first, from " + o.root + ":\n    ./platform up        (then: bench/run " + (o.smoke ? "--smoke" : "") + ")\n"
                    + "and check it with ./platform status.");
            return false;
        }
        for (String s : Footprint.SERVICES) {
            if (footprint.pid(s).isEmpty()) {
                results.notes.add(s + " was not started by ./platform of this checkout (no matching .local/pids/" + s
                        + ".pid): its RSS is not measured");
            }
        }
        Log.info("platform up: the three services ready, Keycloak and Kafka answer");
        return true;
    }

    // -------------------------------------------------------------------------- ceilings

    private void ceilings() throws Exception {
        String topic = "bench-ceiling-" + o.runId;
        String group = "bench-ceiling-" + o.runId;
        Duration timeout = o.smoke ? Duration.ofMinutes(2) : Duration.ofMinutes(20);
        kafka.createTopic(topic, 6);
        try {
            Kafka.ProducerPerf p = kafka.producerPerf(topic, o.kafkaRecords, o.recordSize, timeout);
            producerCeiling = p.recordsPerSecond();
            Log.info("ProducerPerformance: %s", p.line());
            Kafka.ConsumerPerf c = kafka.consumerPerf(topic, o.kafkaRecords, group, timeout);
            consumerCeiling = c.fetchRecordsPerSecond();
            Log.info("ConsumerPerformance: %s", c.line());
            results.raw.put("kafkaProducerPerf", p);
            results.raw.put("kafkaConsumerPerf", c);
            String what = String.format(Locale.ROOT, "%,d records × %d B, acks=all, topic of 6 partitions created and deleted by the run",
                    o.kafkaRecords, o.recordSize);
            results.row("ceiling", "Kafka producer, `ProducerPerformance` (" + what + ")",
                    String.format(Locale.ROOT, "%s records/s (%.1f MB/s; latency avg %s, p99 %s)", Results.num(p.recordsPerSecond()),
                            p.mbPerSecond(), Results.ms(p.avgMs()), Results.ms(p.p99Ms())), "–", "–", "–", "ceiling");
            results.row("ceiling", "Kafka consumer, `ConsumerPerformance` (same topic)",
                    String.format(Locale.ROOT, "%s records/s while fetching (%s records/s including the group join)",
                            Results.num(c.fetchRecordsPerSecond()), Results.num(c.recordsPerSecond())), "–", "–", "–", "ceiling");
            results.metric("ceiling", "kafka_producer_records_per_s", p.recordsPerSecond(), "records/s", "", "ceiling", what);
            results.metric("ceiling", "kafka_producer_p99_ms", p.p99Ms(), "ms", "", "ceiling", "");
            results.metric("ceiling", "kafka_consumer_fetch_records_per_s", c.fetchRecordsPerSecond(), "records/s", "", "ceiling", "");
            results.metric("ceiling", "kafka_consumer_records_per_s", c.recordsPerSecond(), "records/s", "", "ceiling", "including group join");
        } finally {
            kafka.deleteTopic(topic);
            kafka.deleteGroups(List.of(group));
        }
        healthFeedback = health("feedback-service", Http.FEEDBACK);
        healthAnalytics = health("analytics-service", Http.ANALYTICS);
    }

    private double health(String service, String base) {
        OpenLoad.Result r = OpenLoad.closed("ceiling-health-" + service, load, o.healthConcurrency, o.healthDuration,
                () -> LoadClient.Call.get(base + "/q/health/live", null));
        Log.info("%s", r.summary());
        results.histograms.put("ceiling-health-" + service, r.latency());
        results.raw.put("ceilingHealth-" + service, Results.load(r, null, null));
        results.row("ceiling", "trivial endpoint `GET /q/health/live` of " + service + " (closed loop, " + o.healthConcurrency
                        + " connections, " + o.healthDuration.toSeconds() + " s)",
                String.format(Locale.ROOT, "%s requests/s (p50 %s, p99 %s%s)", Results.num(r.achievedPerSecond()), Results.ms(r.p(50)),
                        Results.ms(r.p(99)), r.errors() > 0 ? ", " + r.errors() + " errors" : ""), "–", "–", "–", "ceiling");
        results.metric("ceiling", "health_live_" + service.replace('-', '_') + "_requests_per_s", r.achievedPerSecond(), "requests/s", "", "ceiling", "closed loop");
        return r.achievedPerSecond();
    }

    // ----------------------------------------------------------------------------- users

    private void users() {
        Map<String, String> roles = new LinkedHashMap<>();
        for (int i = 1; i <= o.counsellors; i++) {
            roles.put(String.format(Locale.ROOT, "bench-counsellor-%03d", i), "counsellor");
        }
        for (int i = 1; i <= o.probeCounsellors; i++) {
            roles.put(String.format(Locale.ROOT, "bench-probe-%02d", i), "counsellor");
        }
        for (int i = 1; i <= o.clients; i++) {
            roles.put(String.format(Locale.ROOT, "bench-client-%04d", i), "client");
        }
        roles.put("bench-supervisor", "supervisor");
        roles.put(BENCH_ADMIN, "admin");
        keycloak = new Keycloak(api);
        long t = System.nanoTime();
        List<Keycloak.User> users = keycloak.users(roles, 4);
        for (Keycloak.User u : users) {
            if (u.username().startsWith("bench-counsellor-")) {
                counsellors.add(u);
            } else if (u.username().startsWith("bench-probe-")) {
                probes.add(u);
            } else if (u.username().startsWith("bench-client-")) {
                clients.add(u);
            } else if (u.username().equals(BENCH_ADMIN)) {
                benchAdmin = u;
            } else {
                supervisor = u;
            }
        }
        Log.info("%d counsellors, %d probe counsellors, %d clients, 1 supervisor, 1 admin logged in with real tokens (%.1f s)",
                counsellors.size(), probes.size(), clients.size(), (System.nanoTime() - t) / 1e9);
        results.raw.put("users", Map.of("counsellors", counsellors.size(), "probeCounsellors", probes.size(), "clients", clients.size(),
                "setupSeconds", Results.round((System.nanoTime() - t) / 1e9)));
        sessions = new Sessions(api, keycloak, o.sessionConcurrency);
    }

    // -------------------------------------------------------------------------------- B1

    private List<Sessions.Ended> readySessions(int n, List<Keycloak.User> by, String purpose) {
        Sessions.Prepared p = sessions.prepare(n, by, clients, random);
        Log.info("%s: %d ended sessions made through session-service in %.1f s (%.0f sessions/s, 3 calls each)%s", purpose,
                p.sessions().size(), p.took().toMillis() / 1000.0, p.perSecond(),
                p.failed() > 0 ? "; " + p.failed() + " failed: " + p.failures() : "");
        if (p.sessions().isEmpty()) {
            throw new IllegalStateException("no session could be made through session-service: " + p.failures());
        }
        long t = System.nanoTime();
        Set<UUID> missing = sessions.awaitProjection(p.sessions(), o.smoke ? Duration.ofSeconds(30) : Duration.ofMinutes(3));
        Log.info("%s: feedback-service knows %d of them after %.1f s more", purpose, p.sessions().size() - missing.size(),
                (System.nanoTime() - t) / 1e9);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> prep = (List<Map<String, Object>>) results.raw.computeIfAbsent("sessionPreparation", k -> new ArrayList<>());
        prep.add(Map.of("purpose", purpose, "sessions", p.sessions().size(), "seconds", Results.round(p.took().toMillis() / 1000.0),
                "sessionsPerSecond", Results.round(p.perSecond()), "failed", p.failed(), "unknownToFeedbackService", missing.size()));
        return p.sessions().stream().filter(s -> !missing.contains(s.id())).toList();
    }

    /** n ready sessions of the bench counsellors: made ahead if there are, else made now. */
    private List<Sessions.Ended> take(int n, String purpose) {
        if (made.size() >= n) {
            List<Sessions.Ended> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(made.poll());
            }
            return list;
        }
        return readySessions(n, counsellors, purpose);
    }

    private String srsBody(double... fixed) {
        StringBuilder sb = new StringBuilder("{\"instrumentId\":\"srs\",\"answers\":{");
        for (int i = 1; i <= 4; i++) {
            double v = fixed.length > 0 ? fixed[0] : Math.round((6 + random.nextDouble() * 4) * 10) / 10.0;
            sb.append(i > 1 ? "," : "").append('"').append(i).append("\":").append(v);
        }
        return sb.append("}}").toString();
    }

    private OpenLoad.Result submit(String name, double rate, Duration duration, List<Sessions.Ended> list) {
        List<String> bodies = new ArrayList<>(list.size());
        list.forEach(s -> bodies.add(srsBody()));
        return OpenLoad.run(name, load, rate, duration, i -> {
            Sessions.Ended s = list.get(i);
            return LoadClient.Call.postJson(Http.FEEDBACK + "/api/sessions/" + s.id() + "/feedback", keycloak.bearer(s.client()), bodies.get(i));
        }, status -> status == 201, o.requestTimeout, o.maxInFlight);
    }

    private void ingest() throws Exception {
        if (o.smoke) {
            int all = (int) Math.round(o.b2Rate * o.b2Duration.toSeconds());
            for (double rate : o.b1Rates) {
                all += (int) Math.round(rate * o.b1Step.toMillis() / 1000.0);
            }
            made.addAll(readySessions(all, counsellors, "B1 and B2, all at once"));
        }
        vacuum("B1");
        if (!o.b1Warmup.isZero()) {
            int n = (int) Math.round(o.b1WarmupRate * o.b1Warmup.toSeconds());
            OpenLoad.Result w = submit("b1-warm-up", o.b1WarmupRate, o.b1Warmup, readySessions(n, counsellors, "B1 warm-up"));
            Log.info("warm-up (not reported): %s", w.summary());
        }
        double best = Double.NaN;
        OpenLoad.Result bestResult = null;
        boolean allPassed = true;
        for (double rate : o.b1Rates) {
            int n = (int) Math.round(rate * o.b1Step.toMillis() / 1000.0);
            List<Sessions.Ended> ready = take(n, String.format(Locale.ROOT, "B1 %.0f/s", rate));
            if (ready.size() < n) {
                results.notes.add(String.format(Locale.ROOT, "B1 %.0f/s: only %d of %d sessions were ready; the step sent fewer requests", rate, ready.size(), n));
            }
            Duration d = ready.size() < n ? Duration.ofMillis((long) (ready.size() / rate * 1000)) : o.b1Step;
            OpenLoad.Result r;
            Map<String, Long> rss;
            try (Footprint.Sampler sampler = footprint.new Sampler(Footprint.SERVICES)) {
                r = submit(String.format(Locale.ROOT, "b1-%.0f", rate), rate, d, ready);
                rss = sampler.max();
            }
            rss.forEach((k, v) -> rssUnderB1.merge(k, v, Math::max));
            boolean passed = r.errors() == 0 && r.p(99) < o.b1P99LimitMs;
            Log.info("%s -> %s", r.summary(), passed ? "holds" : "does not hold");
            r.errorSamples().forEach(s -> Log.info("   error sample: %s", s));
            results.b1Steps.add(new Results.Step(r, passed, rss));
            results.histograms.put(String.format(Locale.ROOT, "b1-%04.0f-per-s", rate), r.latency());
            if (passed) {
                best = rate;
                bestResult = r;
            } else {
                allPassed = false;
                if (o.stopAtFirstMiss) {
                    break;
                }
            }
            Sessions.sleep(Duration.ofSeconds(o.smoke ? 1 : 2));
        }
        String target = "≥ 1,500 /s";
        String ceiling = String.format(Locale.ROOT, "`/q/health/live` %s req/s; Kafka producer %s records/s",
                Results.num(healthFeedback), Results.num(producerCeiling));
        if (bestResult == null) {
            OpenLoad.Result first = results.b1Steps.get(0).load();
            results.row("B1", "ingest: highest arrival rate of `POST /api/sessions/{id}/feedback` holding p99 < 50 ms with no errors",
                    String.format(Locale.ROOT, "below the lowest step (%s /s: p99 %s, %d errors)", Results.num(first.rate()), Results.ms(first.p(99)), first.errors()),
                    target, ceiling, "–", "misses");
            results.metric("B1", "ingest_max_rate_per_s", 0.0, "feedbacks/s", ">= 1500", "misses", "no step held");
        } else {
            String prefix = allPassed && best == o.b1Rates.get(o.b1Rates.size() - 1) ? "≥ " : "";
            results.row("B1", "ingest: highest arrival rate of `POST /api/sessions/{id}/feedback` holding p99 < 50 ms with no errors",
                    String.format(Locale.ROOT, "%s%s /s (p50 %s, p99 %s, max %s)", prefix, Results.num(best), Results.ms(bestResult.p(50)),
                            Results.ms(bestResult.p(99)), Results.ms(bestResult.maxMs())),
                    target, ceiling, Results.ratio(best, healthFeedback) + " of the trivial endpoint; " + Results.ratio(best, producerCeiling)
                            + " of Kafka's producer", Results.verdict(best >= 1500));
            results.metric("B1", "ingest_max_rate_per_s", best, "feedbacks/s", ">= 1500", Results.verdict(best >= 1500), prefix.isEmpty() ? "" : "highest step tried");
            results.metric("B1", "ingest_p50_ms_at_max_rate", bestResult.p(50), "ms", "", "", "");
            results.metric("B1", "ingest_p99_ms_at_max_rate", bestResult.p(99), "ms", "< 50", "", "");
            results.metric("B1", "ingest_max_ms_at_max_rate", bestResult.maxMs(), "ms", "", "", "");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> prep = (List<Map<String, Object>>) results.raw.getOrDefault("sessionPreparation", List.of());
        double lifecycle = prep.stream().mapToDouble(m -> ((Number) m.get("sessionsPerSecond")).doubleValue()).max().orElse(Double.NaN);
        results.row("B1", "session-service while preparing: schedule + start + end per session, " + o.sessionConcurrency + " at a time (closed loop)",
                Results.num(lifecycle) + " sessions/s (" + Results.num(lifecycle * 3) + " calls/s)", "–", "", "", "info");
    }

    // -------------------------------------------------------------------------------- B2

    private record Observation(long atNanos, String fingerprint) {}

    private void freshness() throws Exception {
        if (probes.isEmpty()) {
            throw new IllegalStateException("no probe counsellor");
        }
        int background = (int) Math.round(o.b2Rate * o.b2Duration.toSeconds());
        List<Sessions.Ended> load1 = take(background, "B2 background");
        int perProbe = (int) (o.b2Duration.toSeconds() * (o.smoke ? 2 : 8) + 5);
        Map<Keycloak.User, List<Sessions.Ended>> probeSessions = new LinkedHashMap<>();
        for (Keycloak.User p : probes) {
            probeSessions.put(p, readySessions(perProbe, List.of(p), "B2 probe " + p.username()));
        }
        vacuum("B2");
        Keycloak.User first = probes.get(0);
        HttpResponse<String> view = api.get(viewUrl(first.id()), keycloak.bearer(first));
        Http.require(view, 200);
        SseProbe answer = sseProbe(first);
        boolean sse = useSse(answer.status(), answer.contentType());
        String method = sse ? "SSE `GET /api/metrics/counsellors/{id}/stream`: time from the 201 to the event that carries the change"
                : "SSE stream not available (404): polled `GET /api/metrics/counsellors/{id}` every " + o.pollInterval.toMillis()
                        + " ms until the view changes; includes up to one poll interval and one GET";
        if (!sse) {
            results.notAvailable.add("B2 over SSE: `GET /api/metrics/counsellors/{id}/stream` answers 404 (not in this build); B2 is "
                    + "measured by polling the view instead (labelled)");
        }
        Log.info("B2 method: %s", method);
        drainAnalytics(Duration.ofSeconds(o.smoke ? 20 : 120));

        ServiceMetrics.Snapshot feedbackBefore = ServiceMetrics.read(api, Http.FEEDBACK);
        ServiceMetrics.Snapshot analyticsBefore = ServiceMetrics.read(api, Http.ANALYTICS);
        Histogram fresh = OpenLoad.newHistogram();
        Map<String, Long> counts = new java.util.concurrent.ConcurrentHashMap<>();
        long loadStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long stopProbes = loadStart + o.b2Duration.toNanos() - TimeUnit.MILLISECONDS.toNanos(300);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(probes.size() + 1);
        try {
            var backgroundResult = pool.submit(() -> submit(String.format(Locale.ROOT, "b2-background-%.0f", o.b2Rate), o.b2Rate, o.b2Duration, load1));
            Sessions.sleep(Duration.ofMillis(o.smoke ? 500 : 2000));
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (var e : probeSessions.entrySet()) {
                running.add(pool.submit(() -> {
                    probe(e.getKey(), e.getValue(), sse, stopProbes, fresh, counts);
                    return null;
                }));
            }
            for (var f : running) {
                f.get();
            }
            OpenLoad.Result bg = backgroundResult.get();
            Log.info("%s", bg.summary());
            results.histograms.put("b2-background-submissions", bg.latency());
            results.raw.put("b2Background", Results.load(bg, null, null));
            results.row("B2", String.format(Locale.ROOT, "background during B2: feedback submissions at %s /s", Results.num(o.b2Rate)),
                    String.format(Locale.ROOT, "p50 %s, p99 %s, %d errors", Results.ms(bg.p(50)), Results.ms(bg.p(99)), bg.errors()), "–", "", "", "info");
            stages(feedbackBefore, analyticsBefore);
        } finally {
            pool.shutdownNow();
        }
        results.histograms.put("b2-freshness", fresh);
        long n = fresh.getTotalCount();
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("method", sse ? "sse" : "poll");
        raw.put("pollIntervalMs", o.pollInterval.toMillis());
        raw.put("observations", n);
        raw.put("counts", counts);
        raw.put("p50Ms", Results.round(n == 0 ? Double.NaN : fresh.getValueAtPercentile(50) / 1000.0));
        raw.put("p99Ms", Results.round(n == 0 ? Double.NaN : fresh.getValueAtPercentile(99) / 1000.0));
        raw.put("maxMs", Results.round(n == 0 ? Double.NaN : fresh.getMaxValue() / 1000.0));
        results.raw.put("b2Freshness", raw);
        Log.info("freshness: %d observations %s", n, counts);
        if (n == 0) {
            throw new IllegalStateException("no feedback was seen in the counsellor's view: " + counts);
        }
        double p50 = fresh.getValueAtPercentile(50) / 1000.0;
        double p99 = fresh.getValueAtPercentile(99) / 1000.0;
        double max = fresh.getMaxValue() / 1000.0;
        long timeouts = counts.getOrDefault("no change within the deadline", 0L);
        results.row("B2", "freshness: a feedback's 201 → the counsellor's view shows it, under " + Results.num(o.b2Rate)
                        + " feedbacks/s (" + (sse ? "SSE" : "**polled, SSE not available**") + ")",
                String.format(Locale.ROOT, "p50 %s, p99 %s, max %s (%d probes%s)", Results.ms(p50), Results.ms(p99), Results.ms(max), n,
                        timeouts > 0 ? ", " + timeouts + " never seen" : ""),
                "p99 ≤ 150 ms", "–", "–", Results.verdict(p99 <= 150 && timeouts == 0));
        results.metric("B2", "freshness_p50_ms", p50, "ms", "", "", sse ? "sse" : "poll " + o.pollInterval.toMillis() + " ms");
        results.metric("B2", "freshness_p99_ms", p99, "ms", "<= 150", Results.verdict(p99 <= 150 && timeouts == 0), sse ? "sse" : "poll");
        results.metric("B2", "freshness_max_ms", max, "ms", "", "", sse ? "sse" : "poll");
        results.notes.add("B2: " + method + ". Probe counsellors (" + probes.size() + ") get only the probes' feedback, one at a time,"
                + " alternating high and low answers so that every one changes their view; the background load goes to the other counsellors.");
    }

    private String viewUrl(UUID counsellor) {
        return Http.ANALYTICS + "/api/metrics/counsellors/" + counsellor;
    }

    private record SseProbe(int status, String contentType) {}

    /** One look at the counsellor's SSE stream: its status and content type (the stream is closed at once). */
    private SseProbe sseProbe(Keycloak.User counsellor) throws IOException, InterruptedException {
        HttpResponse<java.util.stream.Stream<String>> r = api.client.send(api.request(viewUrl(counsellor.id()) + "/stream",
                keycloak.bearer(counsellor)).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        String type = r.headers().firstValue("Content-Type").orElse("");
        r.body().close();
        Log.info("SSE stream answered %d %s", r.statusCode(), type);
        return new SseProbe(r.statusCode(), type);
    }

    /**
     * B2's method from the stream's answer: SSE when it streams, polling only when it does not
     * exist (404); anything else is a broken platform, not a missing feature, and fails B2.
     */
    static boolean useSse(int status, String contentType) {
        if (status == 200 && contentType != null && contentType.startsWith("text/event-stream")) {
            return true;
        }
        if (status == 404) {
            return false;
        }
        throw new IllegalStateException("GET /api/metrics/counsellors/{id}/stream answered " + status + " " + contentType
                + " (expected 200 text/event-stream, or 404 where the stream is not built)");
    }

    private void probe(Keycloak.User counsellor, List<Sessions.Ended> mine, boolean sse, long stopAt, Histogram fresh,
                       Map<String, Long> counts) throws Exception {
        String token = keycloak.bearer(counsellor);
        long deadline = TimeUnit.SECONDS.toNanos(o.smoke ? 10 : 30);
        java.util.concurrent.BlockingQueue<Observation> events = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.stream.Stream<String> stream = null;
        Thread reader = null;
        String baseline;
        if (sse) {
            HttpResponse<java.util.stream.Stream<String>> r = api.client.send(api.request(viewUrl(counsellor.id()) + "/stream", token)
                    .timeout(Duration.ofHours(2)).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
            stream = r.body();
            java.util.stream.Stream<String> lines = stream;
            reader = new Thread(() -> {
                SseEvents parser = new SseEvents();
                try {
                    lines.forEach(line -> parser.accept(line).ifPresent(data -> {
                        long at = System.nanoTime();
                        try {
                            events.add(new Observation(at, Json.fingerprint(data)));
                        } catch (RuntimeException e) {
                            // not a view (a heartbeat, another event type): ignored
                        }
                    }));
                } catch (RuntimeException e) {
                    // the stream is closed at the end of the phase
                }
            }, "sse-" + counsellor.username());
            reader.setDaemon(true);
            reader.start();
            Observation current = events.poll(10, TimeUnit.SECONDS);
            if (current == null) {
                throw new IllegalStateException("the SSE stream sent no current view within 10 s");
            }
            baseline = current.fingerprint();
        } else {
            baseline = Json.fingerprint(api.get(viewUrl(counsellor.id()), token).body());
        }
        boolean high = true;
        try {
            for (Sessions.Ended s : mine) {
                if (System.nanoTime() >= stopAt) {
                    break;
                }
                String body = srsBody(high ? 9.9 : 2.0);
                high = !high;
                HttpResponse<String> r = api.postJson(Http.FEEDBACK + "/api/sessions/" + s.id() + "/feedback", keycloak.bearer(s.client()), body);
                long created = System.nanoTime();
                if (r.statusCode() != 201) {
                    counts.merge("submission HTTP " + r.statusCode(), 1L, Long::sum);
                    continue;
                }
                String seen = null;
                long seenAt = 0;
                if (sse) {
                    while (seen == null && System.nanoTime() - created < deadline) {
                        Observation ob = events.poll(100, TimeUnit.MILLISECONDS);
                        if (ob != null && !ob.fingerprint().equals(baseline)) {
                            seen = ob.fingerprint();
                            seenAt = Math.max(ob.atNanos(), created);
                        }
                    }
                } else {
                    while (seen == null && System.nanoTime() - created < deadline) {
                        long pollStart = System.nanoTime();
                        HttpResponse<String> v = api.get(viewUrl(counsellor.id()), token);
                        long at = System.nanoTime();
                        if (v.statusCode() == 200) {
                            String fp = Json.fingerprint(v.body());
                            if (!fp.equals(baseline)) {
                                seen = fp;
                                seenAt = at;
                                break;
                            }
                        } else {
                            counts.merge("view HTTP " + v.statusCode(), 1L, Long::sum);
                        }
                        long wait = pollStart + o.pollInterval.toNanos() - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                }
                if (seen == null) {
                    counts.merge("no change within the deadline", 1L, Long::sum);
                    baseline = Json.fingerprint(api.get(viewUrl(counsellor.id()), token).body());
                    continue;
                }
                fresh.recordValue(Math.min(OpenLoad.HIGHEST_MICROS, (seenAt - created) / 1000));
                counts.merge("observed", 1L, Long::sum);
                baseline = seen;
                Thread.sleep(o.smoke ? 50 : 100);
            }
        } finally {
            if (stream != null) {
                stream.close();
            }
            if (reader != null) {
                reader.interrupt();
            }
        }
    }

    /**
     * Where B2's time went: what the phase added to the services' own histograms (info rows, raw
     * under b2Stages). Quantiles are bucket edges; the relay's time starts at the row's
     * transaction start, the submission's own commit included.
     */
    private void stages(ServiceMetrics.Snapshot feedbackBefore, ServiceMetrics.Snapshot analyticsBefore) {
        ServiceMetrics.Snapshot feedback = ServiceMetrics.read(api, Http.FEEDBACK);
        ServiceMetrics.Snapshot analytics = ServiceMetrics.read(api, Http.ANALYTICS);
        Map<String, String> feedbackEvents = Map.of("consumer", "analytics.feedback-events");
        Map<String, Object> raw = new LinkedHashMap<>();
        stage(raw, "relay", "feedback-service's outbox relay, a row's transaction start → the broker's acknowledgement", "rows",
                ServiceMetrics.added(feedbackBefore, feedback, "rapport_outbox_commit_to_publish_seconds", Map.of()), Optional.empty(), "");
        stage(raw, "consumerBatch", "analytics' feedback consumer, one batch", "batches",
                ServiceMetrics.added(analyticsBefore, analytics, "rapport_consumer_batch_seconds", feedbackEvents),
                ServiceMetrics.added(analyticsBefore, analytics, "rapport_consumer_batch_records", feedbackEvents), "records");
        stage(raw, "flush", "analytics' view flush (compute, send, await the broker, store)", "flushes",
                ServiceMetrics.added(analyticsBefore, analytics, "rapport_alliance_metrics_flush_seconds", Map.of()),
                ServiceMetrics.added(analyticsBefore, analytics, "rapport_alliance_metrics_flush_views", Map.of()), "views");
        results.raw.put("b2Stages", raw);
    }

    private void stage(Map<String, Object> raw, String key, String what, String counted, Optional<ServiceMetrics.Added> time,
                       Optional<ServiceMetrics.Added> size, String sizeUnit) {
        time.ifPresent(t -> {
            String of = size.map(z -> String.format(Locale.ROOT, " of %.1f %s", z.mean(), sizeUnit)).orElse("");
            String measured = String.format(Locale.ROOT, "%,d %s%s: mean %s", t.count(), counted, of, Results.ms(t.mean() * 1000))
                    + (Double.isNaN(t.p50()) ? "" : ", p50 ≤ " + edge(t.p50()) + ", p99 ≤ " + edge(t.p99()));
            results.row("B2", "stage: " + what, measured, "–", "", "", "info");
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("count", t.count());
            // meanRecords, meanViews
            size.ifPresent(z -> figures.put("mean" + Character.toUpperCase(sizeUnit.charAt(0)) + sizeUnit.substring(1),
                    Results.round(z.mean())));
            figures.put("meanMs", Results.round(t.mean() * 1000));
            figures.put("p50UpToMs", Results.round(Double.isInfinite(t.p50()) ? Double.NaN : t.p50() * 1000));
            figures.put("p99UpToMs", Results.round(Double.isInfinite(t.p99()) ? Double.NaN : t.p99() * 1000));
            raw.put(key, figures);
        });
    }

    private static String edge(double seconds) {
        return Double.isInfinite(seconds) ? "the last bucket" : Results.ms(seconds * 1000);
    }

    /** Waits until analytics has consumed what is on its topics, so that one phase's backlog does not weigh on the next. */
    private void drainAnalytics(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        try {
            while (System.nanoTime() < end) {
                long lag = kafka.lag("analytics-service", List.of(History.SESSION_EVENTS, History.FEEDBACK_EVENTS))
                        .values().stream().mapToLong(Long::longValue).sum();
                if (lag == 0) {
                    return;
                }
                Sessions.sleep(Duration.ofSeconds(1));
            }
            Log.warn("analytics still has a backlog after %d s; going on", max.toSeconds());
        } catch (Exception e) {
            Log.warn("cannot read analytics' lag: %s", e.getMessage());
        }
    }

    // --------------------------------------------------------------------- history, B3

    private void history() throws Exception {
        if (o.reuseHistory != null) {
            historyCounsellors = History.counsellorIds(o.reuseHistory, o.historyCounsellors);
            historyLabel = String.format(Locale.ROOT, "%,d counsellors of the history of run %s", o.historyCounsellors, o.reuseHistory);
            results.notes.add("History reused from run " + o.reuseHistory + " (--reuse-history): none generated, the live consumers' rate not measured");
            return;
        }
        List<String> topics = List.of(History.SESSION_EVENTS, History.FEEDBACK_EVENTS);
        drainAnalytics(Duration.ofSeconds(o.smoke ? 20 : 300));
        Map<String, Long> lagBefore = kafka.lag("analytics-service", topics);
        History history = new History(o.runId, o.seed, o.historyCounsellors, o.historyEvents);
        Log.info("writing %,d counsellors × %d sessions (≈ %,d events) onto %s", o.historyCounsellors, history.sessionsPerCounsellor(),
                o.historyEvents, topics);
        long t0 = System.nanoTime();
        History.Produced produced = history.produce();
        Log.info("history: %,d events (%,d session, %,d feedback) for %,d sessions written in %.1f s (%.0f events/s), %d failed",
                produced.events(), produced.sessionEvents(), produced.feedbackEvents(), produced.sessions(),
                produced.took().toMillis() / 1000.0, produced.perSecond(), produced.failed());
        historyCounsellors = History.counsellorIds(o.runId, o.historyCounsellors);
        historyLabel = String.format(Locale.ROOT, "%,d counsellors × %d sessions over the past 365 days (%,d events)",
                o.historyCounsellors, history.sessionsPerCounsellor(), produced.events());

        // how fast the live consumers work the backlog off
        long analyticsDone = 0;
        long feedbackDone = 0;
        long lastLog = 0;
        List<Map<String, Object>> samples = new ArrayList<>();
        long end = t0 + o.catchUpDeadline.toNanos();
        Map<String, Long> lagA = Map.of();
        Map<String, Long> lagF = Map.of();
        while (System.nanoTime() < end && (analyticsDone == 0 || feedbackDone == 0)) {
            lagA = kafka.lag("analytics-service", topics);
            lagF = kafka.lag("feedback-service", List.of(History.SESSION_EVENTS));
            long now = System.nanoTime();
            long a = lagA.values().stream().mapToLong(Long::longValue).sum();
            long f = lagF.values().stream().mapToLong(Long::longValue).sum();
            samples.add(Map.of("seconds", Results.round((now - t0) / 1e9), "analyticsLag", a, "feedbackServiceLag", f));
            if (analyticsDone == 0 && a == 0 && !lagA.isEmpty()) {
                analyticsDone = now;
            }
            if (feedbackDone == 0 && f == 0 && !lagF.isEmpty()) {
                feedbackDone = now;
            }
            if (now - lastLog > TimeUnit.SECONDS.toNanos(o.smoke ? 5 : 30)) {
                Log.info("backlog: analytics %,d %s, feedback-service %,d", a, lagA, f);
                lastLog = now;
            }
            Sessions.sleep(Duration.ofMillis(History.LAG_SAMPLE_MS));
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("produced", produced);
        raw.put("analyticsLagBefore", lagBefore);
        raw.put("lagSamples", samples);
        String label = "analytics-service's live consumers working off the history's " + String.format(Locale.ROOT, "%,d", produced.events())
                + " events written at once (information, not the rebuild; lag read from committed offsets, which Kafka commits every few seconds)";
        if (!lagA.containsKey(History.FEEDBACK_EVENTS)) {
            results.notes.add("analytics-service has no committed offsets on feedback-events: it does not consume them (yet)");
        }
        if (analyticsDone > 0) {
            catchUpRate = produced.events() / ((analyticsDone - t0) / 1e9);
            raw.put("analyticsEventsPerSecond", Results.round(catchUpRate));
            raw.put("analyticsSeconds", Results.round((analyticsDone - t0) / 1e9));
            Log.info("analytics consumed the history at %.0f events/s (%.1f s)", catchUpRate, (analyticsDone - t0) / 1e9);
            results.metric("B3", "analytics_backlog_events_per_s", catchUpRate, "events/s", "", "info", "live consumers, not the rebuild");
        } else {
            long left = lagA.values().stream().mapToLong(Long::longValue).sum();
            catchUpRate = (produced.events() - left) / (o.catchUpDeadline.toMillis() / 1000.0);
            label += String.format(Locale.ROOT, "; **not finished** within %d min (%,d left): rate so far", o.catchUpDeadline.toMinutes(), left);
            results.metric("B3", "analytics_backlog_events_per_s", catchUpRate, "events/s", "", "info", "unfinished");
        }
        results.raw.put("history", raw);
        results.row("B3", label, Results.num(catchUpRate) + " events/s", "–", "", "", "info");
        if (feedbackDone > 0) {
            double rate = produced.sessionEvents() / ((feedbackDone - t0) / 1e9);
            results.row("B3", "feedback-service's session projection working off the same backlog's " + String.format(Locale.ROOT, "%,d", produced.sessionEvents())
                    + " session events (information)", Results.num(rate) + " events/s", "–", "", "", "info");
            raw.put("feedbackServiceEventsPerSecond", Results.round(rate));
        }
    }

    private void rebuild() throws Exception {
        List<String> topics = List.of(History.SESSION_EVENTS, History.FEEDBACK_EVENTS);
        // the ceiling: Kafka's own consumer reading the same topics, in the same run
        long messages = 0;
        long fetchMs = 0;
        List<Object> runs = new ArrayList<>();
        for (String topic : topics) {
            long available = kafka.records(List.of(topic));
            long want = Math.min(available, Math.max(1, o.consumerPerfMessages * available / Math.max(1, kafka.records(topics))));
            if (want == 0) {
                continue;
            }
            String group = "bench-perf-" + o.runId + "-" + topic;
            try {
                Kafka.ConsumerPerf c = kafka.consumerPerf(topic, want, group, o.smoke ? Duration.ofMinutes(2) : Duration.ofMinutes(20));
                Log.info("ConsumerPerformance %s: %s", topic, c.line());
                messages += c.records();
                fetchMs += c.fetchMs();
                runs.add(Map.of("topic", topic, "result", c));
            } finally {
                kafka.deleteGroups(List.of(group));
            }
        }
        if (messages == 0) {
            throw new IllegalStateException("session-events and feedback-events are empty");
        }
        topicConsumerCeiling = messages / (fetchMs / 1000.0);
        results.raw.put("b3ConsumerPerf", runs);
        String ceiling = Results.num(topicConsumerCeiling) + " records/s (`ConsumerPerformance`, same topics)";
        results.row("B3", String.format(Locale.ROOT, "ceiling: `ConsumerPerformance` reading session-events + feedback-events (%,d records)", messages),
                Results.num(topicConsumerCeiling) + " records/s", "–", "", "", "ceiling");
        results.metric("B3", "consumer_perf_same_topics_records_per_s", topicConsumerCeiling, "records/s", "", "ceiling", messages + " records");
        if (!Double.isNaN(catchUpRate)) {
            results.metric("B3", "live_consumers_ratio_to_consumer_perf", catchUpRate / topicConsumerCeiling, "ratio", "", "info",
                    "live consumers working off the history, not the rebuild");
        }

        // the rebuild itself, as an admin starts it
        Keycloak.User admin = benchAdmin();
        drainAnalytics(Duration.ofSeconds(o.smoke ? 20 : 300));
        long onTopics = kafka.records(topics);
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("topicRecordsAtStart", onTopics);
        results.raw.put("b3Rebuild", raw);
        rebuildOp = new RebuildOperation(api, Http.ANALYTICS, o.rebuildPoll, Duration.ofSeconds(o.smoke ? 2 : 10), 10,
                Duration.ofSeconds(o.smoke ? 5 : 30));
        String figure = "rebuild: events/s of the analytics rebuild";
        Log.info("POST %s%s as %s; session-events + feedback-events hold %,d records; deadline %d s", Http.ANALYTICS,
                RebuildOperation.PATH, admin.username(), onTopics, o.rebuildDeadline.toSeconds());
        RebuildOperation.Outcome outcome;
        try {
            outcome = rebuildOp.run(() -> keycloak.bearer(admin), o.rebuildDeadline);
        } catch (RebuildOperation.NotAvailable e) {
            raw.put("available", false);
            results.notAvailable.add("B3 rebuild: `POST /api/admin/rebuild` of analytics-service answers 404 (no rebuild operation in this build);"
                    + " only the `ConsumerPerformance` ceiling and the live consumers' rate are reported");
            results.row("B3", figure + String.format(Locale.ROOT, " over %,d events", onTopics),
                    "not available (`POST /api/admin/rebuild` answers 404)", "≥ 30,000 /s", ceiling,
                    "live consumers " + Results.ratio(catchUpRate, topicConsumerCeiling), "n/a");
            return;
        } catch (IllegalStateException e) {
            RebuildOperation.Status last = rebuildOp.last();
            raw.put("available", true);
            raw.put("error", e.getMessage());
            raw.put("lastStatus", last);
            results.row("B3", figure + String.format(Locale.ROOT, " over %,d events", last == null ? onTopics : last.events()),
                    "**failed**: " + Json.abbreviate(e.getMessage(), 200), "≥ 30,000 /s", ceiling, "–", "n/a");
            throw e;
        }
        RebuildOperation.Status s = outcome.status();
        long onTopicsAfter = kafka.records(topics);
        double rate = s.eventsPerSecond() != null ? s.eventsPerSecond() : s.events() / s.serviceSeconds();
        double driverRate = outcome.driverEventsPerSecond();
        Log.info("rebuild %s SWITCHED: %,d events (%,d unreadable) at %s events/s by the service (%.1f s on its clock); "
                        + "driver's clock 202 -> SWITCHED %.1f s (%s events/s); %d polls failed, %d conflicts waited out",
                s.id(), s.events(), s.unreadable(), Results.num(rate), s.serviceSeconds(), outcome.wallSeconds(), Results.num(driverRate),
                outcome.pollErrors(), outcome.conflicts());
        raw.put("available", true);
        raw.put("status", s);
        raw.put("statusUrl", outcome.statusUrl());
        raw.put("serviceEventsPerSecond", Results.round(rate));
        raw.put("serviceSeconds", Results.round(s.serviceSeconds()));
        raw.put("driverWallSeconds", Results.round(outcome.wallSeconds()));
        raw.put("driverEventsPerSecond", Results.round(driverRate));
        raw.put("pollMs", o.rebuildPoll.toMillis());
        raw.put("pollErrors", outcome.pollErrors());
        raw.put("conflictsWaitedOut", outcome.conflicts());
        raw.put("topicRecordsAtEnd", onTopicsAfter);
        raw.put("progress", outcome.progress());
        raw.put("ratioToConsumerPerf", Results.round(rate / topicConsumerCeiling));
        boolean meets = rate >= 30_000;
        results.row("B3", figure + String.format(Locale.ROOT, " over %,d events (`POST /api/admin/rebuild` → SWITCHED)", s.events()),
                String.format(Locale.ROOT, "%s events/s (service: %,d events%s in %.1f s, switch-over included; driver's clock 202 → SWITCHED %.1f s, %s events/s)",
                        Results.num(rate), s.events(), s.unreadable() > 0 ? String.format(Locale.ROOT, ", %,d unreadable", s.unreadable()) : "",
                        s.serviceSeconds(), outcome.wallSeconds(), Results.num(driverRate)),
                "≥ 30,000 /s", ceiling, Results.ratio(rate, topicConsumerCeiling) + " of `ConsumerPerformance`", Results.verdict(meets));
        results.metric("B3", "rebuild_events_per_s", rate, "events/s", ">= 30000", Results.verdict(meets), "service: events / whole run incl. switch-over");
        results.metric("B3", "rebuild_events", (double) s.events(), "events", "", "", s.unreadable() + " unreadable");
        results.metric("B3", "rebuild_service_seconds", s.serviceSeconds(), "s", "", "", "startedAt -> finishedAt");
        results.metric("B3", "rebuild_driver_wall_seconds", outcome.wallSeconds(), "s", "", "", "202 -> SWITCHED, poll " + o.rebuildPoll.toMillis() + " ms");
        results.metric("B3", "rebuild_driver_events_per_s", driverRate, "events/s", "", "", "events / driver's wall time");
        results.metric("B3", "rebuild_topic_records_at_start", (double) onTopics, "records", "", "", "session-events + feedback-events");
        results.metric("B3", "rebuild_ratio_to_consumer_perf", rate / topicConsumerCeiling, "ratio", "", "", "");
        if (s.events() < onTopics) {
            results.notes.add(String.format(Locale.ROOT, "B3: the rebuild reported %,d events, the topics held %,d at its start", s.events(), onTopics));
        }
        awaitRepublished(raw);
    }

    /** The admin whose token starts the rebuild: bench-admin, made with the other bench users (or here, if they were not). */
    private Keycloak.User benchAdmin() {
        if (benchAdmin == null) {
            if (keycloak == null) {
                keycloak = new Keycloak(api);
            }
            benchAdmin = keycloak.users(Map.of(BENCH_ADMIN, "admin"), 1).get(0);
        }
        return benchAdmin;
    }

    /**
     * After the switch-over analytics-service publishes every counsellor's view again onto
     * alliance-metrics: waits until that topic stops growing, so that B4 does not measure it.
     */
    private void awaitRepublished(Map<String, Object> raw) {
        long t0 = System.nanoTime();
        long end = t0 + (o.smoke ? Duration.ofSeconds(30) : Duration.ofMinutes(5)).toNanos();
        try {
            long first = ends(ALLIANCE_METRICS);
            long previous = first;
            int still = 0;
            while (System.nanoTime() < end && still < 2) {
                Sessions.sleep(Duration.ofSeconds(1));
                long now = ends(ALLIANCE_METRICS);
                still = now == previous ? still + 1 : 0;
                previous = now;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            raw.put("republishedAfterSwitch", Map.of("records", previous - first, "seconds", Results.round(seconds)));
            Log.info("alliance-metrics: %,d records more after the switch-over, quiet after %.0f s", previous - first, seconds);
        } catch (Exception e) {
            Log.warn("cannot read alliance-metrics' end offsets: %s", e.getMessage());
        }
    }

    private long ends(String topic) throws Exception {
        return kafka.endOffsets(List.of(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    // -------------------------------------------------------------------------------- B4

    private void query() throws Exception {
        List<UUID> targets = historyCounsellors;
        String label = historyLabel;
        if (targets.isEmpty()) {
            targets = counsellors.stream().map(Keycloak.User::id).toList();
            label = targets.size() + " bench counsellors with only the sessions of B1/B2 (no generated history)";
            results.notes.add("B4 ran without the generated history");
        }
        if (rebuildOp != null && !rebuildOp.awaitIdle(() -> keycloak.bearer(benchAdmin()), o.smoke ? Duration.ofMinutes(1) : Duration.ofMinutes(10))) {
            throw new IllegalStateException("the rebuild that B3 started (" + rebuildOp.last().id() + ") still runs: B4 does not query"
                    + " tables that are about to be switched over");
        }
        String token = keycloak.bearer(supervisor);
        HttpResponse<String> check = api.get(viewUrl(targets.get(0)), token);
        Http.require(check, 200);
        List<UUID> ids = targets;
        SplittableRandom pick = new SplittableRandom(o.seed + 4);
        drainAnalytics(Duration.ofSeconds(o.smoke ? 10 : 60));
        vacuum("B4");
        if (!o.b4Warmup.isZero()) {
            OpenLoad.Result w = OpenLoad.run("b4-warm-up", load, o.b4Rate / 2, o.b4Warmup,
                    i -> LoadClient.Call.get(viewUrl(ids.get(pick.nextInt(ids.size()))), keycloak.bearer(supervisor)), s -> s == 200, o.requestTimeout, o.maxInFlight);
            Log.info("warm-up (not reported): %s", w.summary());
        }
        OpenLoad.Result r;
        try (Footprint.Sampler sampler = footprint.new Sampler(Footprint.SERVICES)) {
            r = OpenLoad.run(String.format(Locale.ROOT, "b4-%.0f", o.b4Rate), load, o.b4Rate, o.b4Duration,
                    i -> LoadClient.Call.get(viewUrl(ids.get(pick.nextInt(ids.size()))), keycloak.bearer(supervisor)), s -> s == 200, o.requestTimeout, o.maxInFlight);
            results.raw.put("b4RssMaxMB", sampler.max());
        }
        Log.info("%s", r.summary());
        r.errorSamples().forEach(s -> Log.info("   error sample: %s", s));
        results.histograms.put("b4-query", r.latency());
        results.raw.put("b4", Results.load(r, null, null));
        boolean meets = r.p(99) <= 10 && r.errors() == 0;
        results.row("B4", String.format(Locale.ROOT, "query: `GET /api/metrics/counsellors/{id}` (supervisor token, random counsellor) at %s /s over %s",
                        Results.num(o.b4Rate), label),
                String.format(Locale.ROOT, "p50 %s, p99 %s, max %s%s", Results.ms(r.p(50)), Results.ms(r.p(99)), Results.ms(r.maxMs()),
                        r.errors() > 0 ? ", " + r.errors() + " errors " + r.errorKinds() : ""),
                "p99 ≤ 10 ms", "`/q/health/live` " + Results.num(healthAnalytics) + " req/s",
                Results.ratio(r.achievedPerSecond(), healthAnalytics) + " of the trivial endpoint's rate", Results.verdict(meets));
        results.metric("B4", "query_p50_ms", r.p(50), "ms", "", "", label);
        results.metric("B4", "query_p99_ms", r.p(99), "ms", "<= 10", Results.verdict(meets), label);
        results.metric("B4", "query_max_ms", r.maxMs(), "ms", "", "", "");
        results.metric("B4", "query_errors", (double) r.errors(), "count", "0", "", "");
        if (!o.smoke && historyCounsellors.size() < 10_000) {
            results.notes.add("B4's target speaks of 10,000 counsellors with a year of history; this run held " + label);
        }
    }

    // -------------------------------------------------------------------------------- B5

    private void footprintPhase() throws Exception {
        Map<String, Long> peak = footprint.peakSinceStart(Footprint.SERVICES);
        results.raw.put("rssUnderB1MaxMB", rssUnderB1);
        results.raw.put("rssPeakSinceStartMB", peak);
        Map<String, Object> starts = new LinkedHashMap<>();
        for (String s : Footprint.SERVICES) {
            Long rest = rssAtRest.get(s);
            Long underLoad = rssUnderB1.get(s);
            if (rest == null) {
                results.row("B5", s + ": RSS at rest and under B1", "not available (not started by ./platform of this checkout)",
                        "≤ 300 MB under load", "", "", "n/a");
            } else {
                results.row("B5", s + ": RSS under B1 (highest sample, every 250 ms) · at rest · peak since start (VmHWM)",
                        String.format(Locale.ROOT, "%s · %d MB · %s", underLoad == null ? "– (B1 not run)" : underLoad + " MB", rest,
                                peak.containsKey(s) ? peak.get(s) + " MB" : "–"),
                        "≤ 300 MB under load", "", "", underLoad == null ? "n/a" : Results.verdict(underLoad <= 300));
                results.metric("B5", s + "_rss_rest_mb", rest.doubleValue(), "MB", "", "", "");
                if (underLoad != null) {
                    results.metric("B5", s + "_rss_under_b1_mb", underLoad.doubleValue(), "MB", "<= 300", Results.verdict(underLoad <= 300), "");
                }
            }
            Optional<Double> logged = footprint.loggedStart(s);
            Double restarted = o.restartServices ? restart(s) : null;
            starts.put(s, Map.of("loggedStartedInSeconds", logged.orElse(Double.NaN), "restartToReadySeconds", restarted == null ? Double.NaN : restarted));
            if (restarted != null) {
                results.row("B5", s + ": restart → `/q/health/ready` 200 (./platform down/up, timed by the driver)",
                        String.format(Locale.ROOT, "%.1f s", restarted), "≤ 5 s", "", "", Results.verdict(restarted <= 5));
                results.metric("B5", s + "_restart_to_ready_s", restarted, "s", "<= 5", Results.verdict(restarted <= 5), "");
            } else if (logged.isPresent()) {
                results.row("B5", s + ": start-up, Quarkus's \"started in\" of its latest start by ./platform (log)",
                        String.format(Locale.ROOT, "%.1f s", logged.get()), "≤ 5 s", "", "", Results.verdict(logged.get() <= 5));
                results.metric("B5", s + "_started_in_s", logged.get(), "s", "<= 5", Results.verdict(logged.get() <= 5), "from the log");
            } else {
                results.row("B5", s + ": start-up to ready", "not available (no ./platform log with \"started in\")", "≤ 5 s", "", "", "n/a");
            }
        }
        results.raw.put("startUp", starts);
        if (!o.restartServices) {
            results.notes.add("B5 start-up is Quarkus's own \"started in\" (JVM start to HTTP listening, migrations and connections included) "
                    + "from .local/logs/<service>.log; `--restart-services` restarts each service and times /q/health/ready instead");
        }
    }

    /** ./platform down + up of one service; seconds from the up to /q/health/ready 200. */
    private Double restart(String service) throws Exception {
        if (footprint.pid(service).isEmpty()) {
            results.notes.add(service + " not restarted: ./platform of this checkout did not start it");
            return null;
        }
        String port = switch (service) {
            case "session-service" -> Http.SESSIONS;
            case "feedback-service" -> Http.FEEDBACK;
            default -> Http.ANALYTICS;
        };
        Log.info("restarting %s", service);
        run(List.of("./platform", "down", service), Duration.ofMinutes(2));
        long t0 = System.nanoTime();
        Process up = new ProcessBuilder("./platform", "up", service).directory(o.root.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Double seconds = null;
        while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(120)) {
            if (api.status(port + "/q/health/ready") == 200) {
                seconds = (System.nanoTime() - t0) / 1e9;
                break;
            }
            Thread.sleep(100);
        }
        up.waitFor(120, TimeUnit.SECONDS);
        if (seconds == null) {
            throw new IllegalStateException(service + " was not ready within 120 s of ./platform up");
        }
        Log.info("%s ready %.1f s after ./platform up", service, seconds);
        return seconds;
    }

    /**
     * Before a measured phase: what autovacuum would have done by then on a server that runs it
     * (VACUUM (ANALYZE) of the services' databases). Without it, a server with autovacuum off
     * measures bloated tables planned without statistics, which no production server has.
     */
    private void vacuum(String phase) throws Exception {
        long t0 = System.nanoTime();
        String output = run(List.of("./platform", "vacuum", "--if-autovacuum-off"), Duration.ofMinutes(10));
        Log.info("before %s: %s (%.1f s)", phase, output.lines().map(String::strip).collect(Collectors.joining("; ")),
                (System.nanoTime() - t0) / 1e9);
        if (output.contains("autovacuum is off")) {
            vacuumedBefore.add(phase);
        }
    }

    /** Runs {@code command} in the checkout and returns its output; throws when it fails or outlasts {@code timeout}. */
    private String run(List<String> command, Duration timeout) throws Exception {
        Path log = Files.createTempFile("bench-command-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(o.root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String output = Files.readString(log).strip();
            if (!exited || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + (exited ? " failed: " : " outlasted " + timeout + ": ") + output);
            }
            return output;
        } finally {
            Files.delete(log);
        }
    }

    // ---------------------------------------------------------------------------- the rest

    /** The smoke run proves the harness: every phase that ran must have measured something. */
    private void smokeChecks() {
        if (o.runs("b1") && results.b1Steps.stream().noneMatch(s -> s.load().ok() > 0) && results.failures.isEmpty()) {
            results.failures.add("smoke: B1 had no successful submission");
        }
        if (o.runs("b2") && !results.raw.containsKey("b2Freshness") && results.failures.isEmpty()) {
            results.failures.add("smoke: B2 observed no freshness sample");
        }
        if (o.runs("b4") && !results.raw.containsKey("b4") && results.failures.isEmpty()) {
            results.failures.add("smoke: B4 made no query");
        }
    }

    private String commit() {
        try {
            String head = run(List.of("git", "rev-parse", "--short", "HEAD"), Duration.ofSeconds(5));
            boolean dirty = !run(List.of("git", "status", "--porcelain", "--untracked-files=no"), Duration.ofSeconds(5)).isBlank();
            return head + (dirty ? " + uncommitted changes" : "");
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private void close() {
        if (keycloak != null) {
            keycloak.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        api.close();
        load.close();
    }
}
