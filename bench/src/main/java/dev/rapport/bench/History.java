package dev.rapport.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A year of history for many counsellors, written straight onto session-events and
 * feedback-events as the services would have published it: binary-mode CloudEvents 1.0 (ce_*
 * headers, ce_source the producing service, key = counsellor id, JSON data by the topics'
 * contract). Making a million events through the REST API would take hours on this machine;
 * this is the only practical way to give analytics (B4) that much to hold and to time how fast
 * it consumes a backlog (B3). Every record also carries the extension header
 * {@code ce_rapportbench} = the run id, so bench data can be told from real data.
 *
 * <p>Values (sessions per counsellor, days, scores, outcomes) follow the seed; ids follow the
 * run id, so that a second run on the same platform is new data rather than duplicates that the
 * consumers' de-duplication would absorb.
 */
final class History {

    static final String SESSION_EVENTS = "session-events";
    static final String FEEDBACK_EVENTS = "feedback-events";
    /** Events per generated session on average (scheduled, started, ended, 0.85 srs, 0.3 ors; 8 % cancelled or no-show). */
    static final double EVENTS_PER_SESSION = 0.92 * (3 + 0.85 + 0.3) + 0.08 * 2;

    record Produced(long events, long sessionEvents, long feedbackEvents, long sessions, Duration took, long failed) {
        double perSecond() {
            return events / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    private final String runId;
    private final long seed;
    private final int counsellors;
    private final int sessionsPerCounsellor;
    private final SecretKeySpec pseudonymKey;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    History(String runId, long seed, int counsellors, long targetEvents) {
        this.runId = runId;
        this.seed = seed;
        this.counsellors = counsellors;
        this.sessionsPerCounsellor = (int) Math.max(1, Math.round(targetEvents / (double) counsellors / EVENTS_PER_SESSION));
        String key = System.getenv().getOrDefault("RAPPORT_PSEUDONYM_KEY", "local-development-pseudonym-key");
        this.pseudonymKey = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    int sessionsPerCounsellor() {
        return sessionsPerCounsellor;
    }

    /** The counsellors of the history of a run (also of an earlier one: --reuse-history). */
    static List<UUID> counsellorIds(String runId, int counsellors) {
        List<UUID> ids = new ArrayList<>(counsellors);
        for (int i = 0; i < counsellors; i++) {
            ids.add(id(runId, "counsellor", i));
        }
        return ids;
    }

    private static UUID id(String runId, String kind, long n) {
        return UUID.nameUUIDFromBytes(("rapport-bench:" + runId + ":" + kind + ":" + n).getBytes(StandardCharsets.UTF_8));
    }

    Produced produce() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Http.KAFKA);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long sessionEvents = 0;
        long feedbackEvents = 0;
        long sessions = 0;
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<UUID> ids = counsellorIds(runId, counsellors);
            for (int c = 0; c < counsellors; c++) {
                for (Event e : counsellor(c, ids.get(c))) {
                    RecordHeaders h = new RecordHeaders();
                    h.add("ce_specversion", bytes("1.0"));
                    h.add("ce_id", bytes(e.id.toString()));
                    h.add("ce_source", bytes(e.source));
                    h.add("ce_type", bytes(e.type));
                    h.add("ce_subject", bytes(e.subject.toString()));
                    h.add("ce_time", bytes(e.time.toString()));
                    h.add("content-type", bytes("application/json"));
                    h.add("ce_rapportbench", bytes(runId));
                    producer.send(new ProducerRecord<>(e.topic, null, e.key.toString(), e.data, h), (md, ex) -> {
                        if (ex != null) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, ex.toString());
                        }
                    });
                    if (e.topic.equals(SESSION_EVENTS)) {
                        sessionEvents++;
                    } else {
                        feedbackEvents++;
                    }
                }
                sessions += sessionsPerCounsellor;
                if ((c + 1) % 1000 == 0) {
                    Log.info("history: %d of %d counsellors written (%d events)", c + 1, counsellors, sessionEvents + feedbackEvents);
                }
            }
            producer.flush();
        }
        if (firstFailure.get() != null) {
            Log.warn("history: %d sends failed, first: %s", failed.get(), firstFailure.get());
        }
        return new Produced(sessionEvents + feedbackEvents, sessionEvents, feedbackEvents, sessions,
                Duration.ofNanos(System.nanoTime() - t0), failed.get());
    }

    private record Event(String topic, UUID key, UUID id, String source, String type, UUID subject, Instant time, String data) {}

    /** One counsellor's year, in the order the services would have published it. */
    private List<Event> counsellor(int c, UUID counsellor) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + c);
        int clientCount = 3 + r.nextInt(6);
        UUID[] clients = new UUID[clientCount];
        double[] alliance = new double[clientCount];
        double[] outcome = new double[clientCount];
        for (int k = 0; k < clientCount; k++) {
            clients[k] = id(runId, "client", (long) c * 100 + k);
            alliance[k] = 7.5 + r.nextDouble() * 2.3;
            outcome[k] = 4 + r.nextDouble() * 3;
        }
        long[] starts = new long[sessionsPerCounsellor];
        for (int s = 0; s < starts.length; s++) {
            long daysAgo = 1 + r.nextInt(365);
            starts[s] = now.minus(daysAgo, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS)
                    .plus(8 * 60 + r.nextInt(10 * 60), ChronoUnit.MINUTES).getEpochSecond();
        }
        Arrays.sort(starts);
        List<Event> events = new ArrayList<>();
        int[] seen = new int[clientCount];
        for (int s = 0; s < starts.length; s++) {
            int k = s % clientCount;
            UUID client = clients[k];
            UUID session = id(runId, "session", (long) c * 10_000 + s);
            Instant start = Instant.ofEpochSecond(starts[s]);
            String modality = r.nextInt(5) == 0 ? "AUDIO" : "VIDEO";
            double fate = r.nextDouble();
            Instant scheduledAt = start.minus(1 + r.nextInt(14), ChronoUnit.DAYS);
            events.add(session(counsellor, session, client, "scheduled", "SCHEDULED", modality, start, null, null, scheduledAt, c, s, 0));
            if (fate < 0.05) {
                events.add(session(counsellor, session, client, "cancelled", "CANCELLED", modality, start, null, null,
                        start.minus(1, ChronoUnit.DAYS), c, s, 1));
                continue;
            }
            if (fate < 0.08) {
                events.add(session(counsellor, session, client, "no-show", "NO_SHOW", modality, start, null, null,
                        start.plus(15, ChronoUnit.MINUTES), c, s, 1));
                continue;
            }
            Instant end = start.plus(50, ChronoUnit.MINUTES);
            events.add(session(counsellor, session, client, "started", "IN_PROGRESS", modality, start, start, null, start, c, s, 1));
            events.add(session(counsellor, session, client, "ended", "ENDED", modality, start, start, end, end, c, s, 2));
            seen[k]++;
            if (r.nextDouble() < 0.85) {
                // now and then a rupture: a session that went badly
                double level = alliance[k] - (r.nextDouble() < 0.06 ? 3 : 0);
                double[] items = new double[4];
                for (int i = 0; i < 4; i++) {
                    items[i] = clamp(level + r.nextGaussian() * 0.5, 0, 10);
                }
                events.add(feedback(counsellor, session, client, "srs", "alliance", items, false, end, end.plus(10, ChronoUnit.MINUTES), c, s, 3));
            }
            if (r.nextDouble() < 0.3) {
                double level = outcome[k] + 0.12 * seen[k];
                double[] items = new double[4];
                for (int i = 0; i < 4; i++) {
                    items[i] = clamp(level + r.nextGaussian() * 0.8, 0, 10);
                }
                events.add(feedback(counsellor, session, client, "ors", "outcome", items, true, end, end.plus(12, ChronoUnit.MINUTES), c, s, 4));
            }
        }
        return events;
    }

    private Event session(UUID counsellor, UUID session, UUID client, String verb, String status, String modality,
                          Instant scheduledStart, Instant startedAt, Instant endedAt, Instant occurredAt, int c, int s, int n) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessionId", session.toString());
        data.put("counsellorId", counsellor.toString());
        data.put("clientRef", clientRef(client));
        data.put("status", status);
        data.put("modality", modality);
        data.put("scheduledStart", scheduledStart.toString());
        data.put("startedAt", startedAt == null ? null : startedAt.toString());
        data.put("endedAt", endedAt == null ? null : endedAt.toString());
        data.put("durationSeconds", endedAt == null ? null : Duration.between(startedAt, endedAt).toSeconds());
        data.put("occurredAt", occurredAt.toString());
        return new Event(SESSION_EVENTS, counsellor, id(runId, "event", ((long) c * 10_000 + s) * 8 + n), "session-service",
                "rapport.session." + verb + ".v1", session, occurredAt, Json.write(data));
    }

    private Event feedback(UUID counsellor, UUID session, UUID client, String instrument, String construct, double[] items,
                           boolean outcome, Instant endedAt, Instant submittedAt, int c, int s, int n) {
        double total = 0;
        boolean itemBelow9 = false;
        for (double v : items) {
            total += v;
            itemBelow9 |= v < 9;
        }
        BigDecimal sum = BigDecimal.valueOf(total).setScale(1, RoundingMode.HALF_UP);
        BigDecimal normalized = sum.multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(40), 2, RoundingMode.HALF_UP);
        List<String> flags = new ArrayList<>();
        if (outcome ? sum.doubleValue() < 25 : sum.doubleValue() < 36) {
            flags.add("BELOW_CUTOFF");
        }
        if (!outcome && itemBelow9) {
            flags.add("ITEM_BELOW_9");
        }
        UUID feedbackId = id(runId, "feedback", ((long) c * 10_000 + s) * 8 + n);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("feedbackId", feedbackId.toString());
        data.put("sessionId", session.toString());
        data.put("counsellorId", counsellor.toString());
        data.put("clientRef", clientRef(client));
        data.put("instrumentId", instrument);
        data.put("instrumentVersion", "1");
        data.put("construct", construct);
        data.put("total", sum);
        data.put("subscales", Map.of());
        data.put("normalized", normalized);
        data.put("scorable", true);
        data.put("flags", flags);
        data.put("band", null);
        data.put("hasComment", false);
        data.put("sessionEndedAt", endedAt.toString());
        data.put("submittedAt", submittedAt.toString());
        return new Event(FEEDBACK_EVENTS, counsellor, id(runId, "event", ((long) c * 10_000 + s) * 8 + n), "feedback-service",
                "rapport.feedback.submitted.v1", feedbackId, submittedAt, Json.write(data));
    }

    /**
     * A stand-in for session-service's reference of the client (random there, 32 hex characters):
     * derived here so that a client's session and feedback events of the synthetic history agree.
     */
    private String clientRef(UUID client) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pseudonymKey);
            return HexFormat.of().formatHex(mac.doFinal(client.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double clamp(double v, double min, double max) {
        return Math.round(Math.max(min, Math.min(max, v)) * 10) / 10.0;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** How long to wait between two lag samples. */
    static final long LAG_SAMPLE_MS = TimeUnit.SECONDS.toMillis(1);
}
