package dev.rapport.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The data of a session-events record as session-service writes it (every property of
 * session-event-data.v1.json), for the consumers' fixtures: the consumers read only some of it,
 * but what they are fed is what the producer sends. The session was scheduled an hour before it
 * ended (or before the event), by video; one that ended started at its scheduled time.
 */
public final class SessionEventFixtures {

    private SessionEventFixtures() {}

    /** The CloudEvent type announcing a session's status. */
    public static String type(String status) {
        return switch (status) {
            case "SCHEDULED" -> "rapport.session.scheduled.v1";
            case "IN_PROGRESS" -> "rapport.session.started.v1";
            case "ENDED" -> "rapport.session.ended.v1";
            case "CANCELLED" -> "rapport.session.cancelled.v1";
            case "NO_SHOW" -> "rapport.session.no-show.v1";
            default -> throw new IllegalArgumentException("no session status " + status);
        };
    }

    /**
     * @param endedAt the session's end, for ENDED (null otherwise)
     * @param occurredAt when the status was reached (the end, for ENDED)
     */
    public static String data(UUID session, UUID counsellor, String clientRef, String status, Instant endedAt, Instant occurredAt) {
        Instant scheduledStart = (endedAt != null ? endedAt : occurredAt).minus(Duration.ofHours(1));
        boolean started = status.equals("IN_PROGRESS") || status.equals("ENDED");
        Instant startedAt = started ? scheduledStart : null;
        Long duration = endedAt != null && startedAt != null ? Duration.between(startedAt, endedAt).toSeconds() : null;
        return "{\"sessionId\":\"%s\",\"counsellorId\":\"%s\",\"clientRef\":\"%s\",\"status\":\"%s\",\"modality\":\"VIDEO\",\"scheduledStart\":\"%s\",\"startedAt\":%s,\"endedAt\":%s,\"durationSeconds\":%s,\"occurredAt\":\"%s\"}"
                .formatted(session, counsellor, clientRef, status, scheduledStart, quoted(startedAt), quoted(endedAt), duration, occurredAt);
    }

    private static String quoted(Instant instant) {
        return instant == null ? "null" : "\"" + instant + "\"";
    }
}
