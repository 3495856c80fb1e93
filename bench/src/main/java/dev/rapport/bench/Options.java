package dev.rapport.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one run does. Two presets: {@code --smoke} (tiny rates and counts, well under two minutes:
 * proves the harness in CI) and the full run (the rates and volumes, manual). Every
 * figure can be overridden on the command line.
 */
final class Options {

    static final Set<String> PHASES = Set.of("ceilings", "b1", "b2", "history", "b3", "b4", "b5");

    boolean smoke;
    Path root;
    Path out;
    Path docs;
    long seed = 20260601L;
    String runId = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    final Set<String> skip = new LinkedHashSet<>();
    boolean restartServices;
    boolean strict;

    // users (created once in Keycloak, reused by later runs)
    int counsellors = 50;
    int clients = 250;
    int probeCounsellors = 2;

    // ceilings
    long kafkaRecords = 1_000_000;
    int recordSize = 256;
    Duration healthDuration = Duration.ofSeconds(15);
    int healthConcurrency = 64;

    // B1 ingest
    List<Double> b1Rates = new ArrayList<>(List.of(100.0, 200.0, 400.0, 800.0, 1500.0, 2000.0, 3000.0));
    Duration b1Step = Duration.ofSeconds(20);
    Duration b1Warmup = Duration.ofSeconds(10);
    double b1WarmupRate = 100;
    double b1P99LimitMs = 50;
    boolean stopAtFirstMiss = true;
    int sessionConcurrency = 16;

    // B2 freshness
    double b2Rate = 200;
    Duration b2Duration = Duration.ofSeconds(60);
    Duration pollInterval = Duration.ofMillis(10);

    // history (B3, B4)
    long historyEvents = 1_000_000;
    int historyCounsellors = 10_000;
    String reuseHistory;
    Duration catchUpDeadline = Duration.ofMinutes(60);

    // B3: the rebuild operation, beside ConsumerPerformance on the same topics
    long consumerPerfMessages = 1_000_000;
    Duration rebuildDeadline = Duration.ofMinutes(60);
    Duration rebuildPoll = Duration.ofSeconds(1);

    // B4 query
    double b4Rate = 500;
    Duration b4Duration = Duration.ofSeconds(30);
    Duration b4Warmup = Duration.ofSeconds(5);

    Duration requestTimeout = Duration.ofSeconds(10);
    int maxInFlight = 4096;
    /** The measured load's keep-alive connections per service (LoadClient): as many as the ceiling's concurrency. */
    int connections = 64;

    static Options parse(String[] args) {
        Options o = new Options();
        List<String> list = Arrays.asList(args);
        if (list.contains("--smoke")) {
            o.smokePreset();
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
            String k = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (v == null && i + 1 < args.length && needsValue(k)) {
                v = args[++i];
            }
            switch (k) {
                case "--smoke" -> { }
                case "--full" -> { }
                case "--root" -> o.root = Path.of(v).toAbsolutePath().normalize();
                case "--out" -> o.out = Path.of(v).toAbsolutePath().normalize();
                case "--docs" -> o.docs = Path.of(v).toAbsolutePath().normalize();
                case "--seed" -> o.seed = Long.parseLong(v);
                case "--run-id" -> o.runId = v;
                case "--skip" -> {
                    for (String p : v.split(",")) {
                        String phase = p.trim().toLowerCase(Locale.ROOT);
                        if (!PHASES.contains(phase)) {
                            throw new IllegalArgumentException("--skip knows " + PHASES + ", not " + phase);
                        }
                        o.skip.add(phase);
                    }
                }
                case "--restart-services" -> o.restartServices = true;
                case "--strict" -> o.strict = true;
                case "--counsellors" -> o.counsellors = Integer.parseInt(v);
                case "--clients" -> o.clients = Integer.parseInt(v);
                case "--probe-counsellors" -> o.probeCounsellors = Integer.parseInt(v);
                case "--kafka-records" -> o.kafkaRecords = Long.parseLong(v);
                case "--health-seconds" -> o.healthDuration = Duration.ofSeconds(Long.parseLong(v));
                case "--rates" -> o.b1Rates = Arrays.stream(v.split(",")).map(String::trim).map(Double::parseDouble).toList();
                case "--step-seconds" -> o.b1Step = Duration.ofSeconds(Long.parseLong(v));
                case "--warmup-seconds" -> {
                    o.b1Warmup = Duration.ofSeconds(Long.parseLong(v));
                    o.b4Warmup = o.b1Warmup;
                }
                case "--all-steps" -> o.stopAtFirstMiss = false;
                case "--b2-rate" -> o.b2Rate = Double.parseDouble(v);
                case "--b2-seconds" -> o.b2Duration = Duration.ofSeconds(Long.parseLong(v));
                case "--poll-ms" -> o.pollInterval = Duration.ofMillis(Long.parseLong(v));
                case "--history-events" -> o.historyEvents = Long.parseLong(v);
                case "--history-counsellors" -> o.historyCounsellors = Integer.parseInt(v);
                case "--reuse-history" -> o.reuseHistory = v;
                case "--catch-up-minutes" -> o.catchUpDeadline = Duration.ofMinutes(Long.parseLong(v));
                case "--consumer-perf-messages" -> o.consumerPerfMessages = Long.parseLong(v);
                case "--rebuild-minutes" -> o.rebuildDeadline = Duration.ofMinutes(Long.parseLong(v));
                case "--rebuild-poll-ms" -> o.rebuildPoll = Duration.ofMillis(Long.parseLong(v));
                case "--b4-rate" -> o.b4Rate = Double.parseDouble(v);
                case "--b4-seconds" -> o.b4Duration = Duration.ofSeconds(Long.parseLong(v));
                case "--connections" -> o.connections = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("Unknown option " + a + " (bench/run --help)");
            }
        }
        if (o.root == null) {
            o.root = Path.of("").toAbsolutePath();
        }
        if (!Files.isRegularFile(o.root.resolve("platform"))) {
            throw new IllegalArgumentException("--root " + o.root + " is not the Rapport checkout (no ./platform there)");
        }
        if (o.docs == null) {
            o.docs = o.root.resolve("docs");
        }
        if (o.out == null) {
            o.out = o.docs.resolve("bench").resolve(o.mode());
        }
        return o;
    }

    private static boolean needsValue(String k) {
        return !Set.of("--smoke", "--full", "--restart-services", "--strict", "--all-steps").contains(k);
    }

    private void smokePreset() {
        smoke = true;
        counsellors = 3;
        clients = 8;
        probeCounsellors = 1;
        kafkaRecords = 10_000;
        healthDuration = Duration.ofMillis(1500);
        healthConcurrency = 8;
        b1Rates = new ArrayList<>(List.of(5.0, 10.0));
        b1Step = Duration.ofSeconds(3);
        b1Warmup = Duration.ZERO;
        stopAtFirstMiss = false;
        sessionConcurrency = 8;
        b2Rate = 10;
        b2Duration = Duration.ofSeconds(4);
        pollInterval = Duration.ofMillis(20);
        historyEvents = 600;
        historyCounsellors = 20;
        catchUpDeadline = Duration.ofSeconds(30);
        consumerPerfMessages = 10_000;
        rebuildDeadline = Duration.ofMinutes(3);
        rebuildPoll = Duration.ofMillis(250);
        b4Rate = 30;
        b4Duration = Duration.ofSeconds(3);
        b4Warmup = Duration.ZERO;
    }

    String mode() {
        return smoke ? "smoke" : "full";
    }

    boolean runs(String phase) {
        return !skip.contains(phase);
    }

    static String usage() {
        return """
                Rapport benchmarks (issue 6). Expects the platform to be up (./platform up) on 127.0.0.1.

                  bench/run --smoke        tiny rates and counts (< 2 min): proves the harness, for CI
                  bench/run                the full run (manual; 30-60 min on 2 cores)

                Results: docs/bench/<mode>/ (results.json, results.csv, b1-steps.csv, *.hgrm,
                latency-over-load.html) and the <mode> section of docs/benchmarks.md.

                Options (full-run defaults; --smoke lowers them):
                  --seed N                  data seed (default 20260601): values and choices are reproducible
                  --run-id ID               names this run's topic, groups and generated ids (default: UTC time)
                  --skip LIST               phases to leave out: ceilings,b1,b2,history,b3,b4,b5
                  --counsellors N --clients N --probe-counsellors N   bench users (default 50 / 250 / 2)
                  --kafka-records N         perf-tool records, 256 B, acks=all (default 1000000)
                  --rates R1,R2,...         B1 steps in feedbacks/s (default 100,200,400,800,1500,2000,3000)
                  --step-seconds N          B1 step length (default 20)
                  --warmup-seconds N        unreported warm-up before B1 (100/s) and B4 (half rate) (default 10 / 5)
                  --all-steps               do not stop at the first step that misses p99 < 50 ms
                  --b2-rate R --b2-seconds N --poll-ms N   B2 background load and poll interval
                  --history-events N        events generated on the topics for B3/B4 (default 1000000)
                  --history-counsellors N   counsellors they belong to (default 10000)
                  --reuse-history RUN_ID    query the history of an earlier run instead of generating one
                  --catch-up-minutes N      how long to wait for the services to consume it (default 60)
                  --consumer-perf-messages N   B3 ceiling: records ConsumerPerformance reads off the two topics (default 1000000)
                  --rebuild-minutes N       B3: how long the rebuild may take to switch over (default 60; smoke 3)
                  --rebuild-poll-ms N       B3: how often its status is polled (default 1000; smoke 250)
                  --b4-rate R --b4-seconds N   B4 query load (default 500/s for 30 s)
                  --connections N           keep-alive connections per service for the measured load (default 64)
                  --restart-services        B5: restart each service with ./platform and time /q/health/ready
                                            (only services that ./platform started from this checkout)
                  --strict                  exit 3 when a target is missed (default: targets are reported only)
                  --out DIR --docs DIR      where results and benchmarks.md go

                Exit status: 0 every phase measured; 1 a phase failed; 2 platform not up or bad usage;
                3 (--strict only) a target missed.
                """;
    }
}
