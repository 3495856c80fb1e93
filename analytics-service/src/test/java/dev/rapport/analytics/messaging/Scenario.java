package dev.rapport.analytics.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rapport.platform.privacy.Pseudonyms;
import dev.rapport.testing.SessionEventFixtures;
import dev.rapport.testing.TestKafka;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Session, feedback and safety alert events as session-service and feedback-service publish
 * them, built in memory and sent when the test says so (in any order, any number of times).
 */
final class Scenario {

    /** How long a consumer may take to show what an event did (a record consumed, a view changed, an alert sent). */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** The test profile's key (platform-support): references made here match the service's. */
    /** session-service's reference of each client, drawn once as session-service does. */
    private static final Map<UUID, String> REFS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Whole seconds, so that the trend's times are exactly the days the test computes with. */
    final Instant now;
    final List<Event> sessionEvents = new ArrayList<>();
    final List<Event> feedbackEvents = new ArrayList<>();
    /** Forms are written as rapport.feedback.submitted.v2 unless this is set: then as v1, without thresholds. */
    boolean v1;

    Scenario() {
        this(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** Days ago counted from {@code now}: noon of today keeps every event on the day the test names. */
    Scenario(Instant now) {
        this.now = now;
    }

    record Event(String topic, UUID counsellor, UUID id, String type, UUID subject, String data) {
        void send() {
            TestKafka.send(topic, counsellor.toString(), data, headers());
        }

        /** As its producer publishes it from a traced request: in that trace (ce_traceparent). */
        void send(String traceparent) {
            Map<String, String> headers = new java.util.HashMap<>(headers());
            headers.put("ce_traceparent", traceparent);
            TestKafka.send(topic, counsellor.toString(), data, headers);
        }

        /** For a {@link #producer()} that sends many at once, so that the consumer reads them in large batches. */
        ProducerRecord<String, String> record() {
            return TestKafka.record(topic, counsellor.toString(), data, headers());
        }

        private Map<String, String> headers() {
            return Map.of("ce_id", id.toString(), "ce_type", type, "ce_specversion", "1.0",
                    "ce_source", topic.equals("session-events") ? "session-service" : "feedback-service",
                    "ce_subject", subject.toString(), "content-type", "application/json");
        }
    }

    static KafkaProducer<String, String> producer() {
        java.util.Properties props = TestKafka.producerProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        return new KafkaProducer<>(props);
    }

    Instant daysAgo(int days, int plusHours) {
        return now.minus(Duration.ofDays(days)).plus(Duration.ofHours(plusHours));
    }

    static String ref(UUID client) {
        return REFS.computeIfAbsent(client, id -> Pseudonyms.newClientRef());
    }

    UUID ended(UUID counsellor, UUID client, int daysAgo) {
        return session(counsellor, client, "ENDED", "ended", daysAgo);
    }

    UUID cancelled(UUID counsellor, UUID client, int daysAgo) {
        return session(counsellor, client, "CANCELLED", "cancelled", daysAgo);
    }

    UUID noShow(UUID counsellor, UUID client, int daysAgo) {
        return session(counsellor, client, "NO_SHOW", "no-show", daysAgo);
    }

    private UUID session(UUID counsellor, UUID client, String status, String type, int daysAgo) {
        UUID session = UUID.randomUUID();
        Instant at = daysAgo(daysAgo, 0);
        String data = SessionEventFixtures.data(session, counsellor, ref(client), status, status.equals("ENDED") ? at : null, at);
        sessionEvents.add(new Event("session-events", counsellor, UUID.randomUUID(), "rapport.session." + type + ".v1", session, data));
        return session;
    }

    /** A scorable form submitted an hour after the given day's session time. */
    UUID form(UUID counsellor, UUID client, UUID session, String instrument, String construct, String total, String normalized,
              int daysAgo, String... flags) {
        return form(counsellor, client, session, instrument, construct, total, normalized, Map.of(), true, daysAgo, flags);
    }

    /**
     * A client's first SRS below 36 (30 of 40, 75.00): it opens a rupture, whose alert goes out
     * through the outbox.
     */
    UUID ruptureOpening(UUID counsellor, UUID client, UUID session, int daysAgo) {
        return form(counsellor, client, session, "srs", "alliance", "30", "75.00", daysAgo);
    }

    /** A WAI-SR form with its subscales: task, goal, bond as {sum, normalized}. */
    UUID waiSr(UUID counsellor, UUID client, UUID session, String total, String normalized, String[] task, String[] goal,
               String[] bond, int daysAgo) {
        Map<String, Object> subscales = new LinkedHashMap<>();
        subscales.put("task", Map.of("sum", new BigDecimal(task[0]), "normalized", new BigDecimal(task[1])));
        subscales.put("goal", Map.of("sum", new BigDecimal(goal[0]), "normalized", new BigDecimal(goal[1])));
        subscales.put("bond", Map.of("sum", new BigDecimal(bond[0]), "normalized", new BigDecimal(bond[1])));
        return form(counsellor, client, session, "wai-sr", "alliance", total, normalized, subscales, true, daysAgo);
    }

    UUID unscorable(UUID counsellor, UUID client, UUID session, String instrument, String construct, int daysAgo) {
        return form(counsellor, client, session, instrument, construct, null, null, Map.of(), false, daysAgo);
    }

    private UUID form(UUID counsellor, UUID client, UUID session, String instrument, String construct, String total,
                      String normalized, Map<String, Object> subscales, boolean scorable, int daysAgo, String... flags) {
        UUID feedback = UUID.randomUUID();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("feedbackId", feedback);
        data.put("sessionId", session);
        data.put("counsellorId", counsellor);
        data.put("clientRef", ref(client));
        data.put("instrumentId", instrument);
        data.put("instrumentVersion", "1");
        data.put("construct", construct);
        data.put("total", total == null ? null : new BigDecimal(total));
        data.put("subscales", subscales);
        data.put("normalized", normalized == null ? null : new BigDecimal(normalized));
        data.put("scorable", scorable);
        List<String> allFlags = new ArrayList<>(List.of(flags));
        // As feedback-service flags an srs total below 36 (srs.json); "any item < 9" the test passes as ITEM_BELOW_9.
        if (instrument.equals("srs") && total != null && new BigDecimal(total).compareTo(new BigDecimal("36")) < 0) {
            allFlags.add("BELOW_CUTOFF");
        }
        data.put("flags", allFlags.stream().sorted().toList());
        data.put("band", null);
        if (!v1) {
            data.put("concern", instrument.equals("srs") && (allFlags.contains("BELOW_CUTOFF") || allFlags.contains("ITEM_BELOW_9")));
            data.put("thresholds", thresholds(instrument));
        }
        data.put("hasComment", false);
        data.put("sessionEndedAt", daysAgo(daysAgo, 0));
        data.put("submittedAt", daysAgo(daysAgo, 1));
        String type = v1 ? "rapport.feedback.submitted.v1" : "rapport.feedback.submitted.v2";
        String json = write(data);
        dev.rapport.testing.EventContracts.assertValid(type, json);
        feedbackEvents.add(new Event("feedback-events", counsellor, UUID.randomUUID(), type, feedback, json));
        return feedback;
    }

    /** The thresholds feedback-service's bundled definitions put on v2 (instruments/*.json). */
    private static Map<String, Object> thresholds(String instrument) {
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("concern", instrument.equals("srs") ? List.of(
                Map.of("flag", "BELOW_CUTOFF", "of", "total", "comparison", "lessThan", "value", 36),
                Map.of("flag", "ITEM_BELOW_9", "of", "anyItem", "comparison", "lessThan", "value", 9)) : List.of());
        thresholds.put("caseness", switch (instrument) {
            case "phq-9" -> Map.of("comparison", "atLeast", "value", 10);
            case "gad-7" -> Map.of("comparison", "atLeast", "value", 8);
            case "ors" -> Map.of("comparison", "lessThan", "value", 25);
            default -> null;
        });
        thresholds.put("reliableChange", switch (instrument) {
            case "phq-9" -> Map.of("improvement", "decrease", "points", 6);
            case "gad-7" -> Map.of("improvement", "decrease", "points", 4);
            case "ors" -> Map.of("improvement", "increase", "points", 5);
            default -> null;
        });
        return thresholds;
    }

    /** A safety alert raised by feedback-service for a form of the client's session with the counsellor. */
    SafetyAlertLife safetyAlert(UUID counsellor, UUID client, Instant raisedAt) {
        return new SafetyAlertLife(counsellor, client, raisedAt);
    }

    /**
     * One safety alert's life as feedback-service announces it on the topic alerts: each event
     * carries the alert's whole state so far (key: the counsellor; ce_subject: the alert).
     */
    static final class SafetyAlertLife {
        final UUID alertId = UUID.randomUUID();
        final UUID feedbackId = UUID.randomUUID();
        final UUID counsellor;
        final UUID client;
        final Instant raisedAt;
        private String status = "OPEN";
        private Instant acknowledgedAt;
        private Instant escalatedAt;
        private Instant resolvedAt;

        private SafetyAlertLife(UUID counsellor, UUID client, Instant raisedAt) {
            this.counsellor = counsellor;
            this.client = client;
            this.raisedAt = raisedAt;
        }

        Event raised() {
            return event("raised", raisedAt);
        }

        /** Still OPEN: an escalation is an instant, not a status. */
        Event escalated(Duration afterRaised) {
            escalatedAt = raisedAt.plus(afterRaised);
            return event("escalated", escalatedAt);
        }

        Event acknowledged(Duration afterRaised) {
            status = "ACKNOWLEDGED";
            acknowledgedAt = raisedAt.plus(afterRaised);
            return event("acknowledged", acknowledgedAt);
        }

        Event resolved(Duration afterRaised) {
            status = "RESOLVED";
            resolvedAt = raisedAt.plus(afterRaised);
            return event("resolved", resolvedAt);
        }

        private Event event(String change, Instant occurredAt) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("alertId", alertId);
            data.put("status", status);
            data.put("feedbackId", feedbackId);
            data.put("sessionId", UUID.randomUUID());
            data.put("counsellorId", counsellor);
            data.put("clientRef", ref(client));
            data.put("instrumentId", "phq-9");
            data.put("item", "9");
            data.put("raisedAt", raisedAt);
            data.put("acknowledgedAt", acknowledgedAt);
            data.put("escalatedAt", escalatedAt);
            data.put("resolvedAt", resolvedAt);
            data.put("occurredAt", occurredAt);
            return new Event("alerts", counsellor, UUID.randomUUID(), "rapport.alert.safety." + change + ".v1", alertId, write(data));
        }
    }

    private static String write(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
