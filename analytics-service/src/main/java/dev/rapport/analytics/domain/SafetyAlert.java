package dev.rapport.analytics.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A safety alert as analytics knows it: feedback-service owns the alert and announces every
 * change with the alert's whole state; analytics keeps the merge of every state it has heard of.
 *
 * <p>The merge does not depend on the order the states arrive in (the events of one alert may be
 * redelivered, or replayed, after later ones): the status is the later of the two, as a status
 * never moves back ({@link SafetyStatus}); each instant is set once by feedback-service, so of two
 * states the one that has it is right (if both have it, they agree; the earlier is kept, so the
 * merge stays the same whichever comes first). A resolved alert heard of before its raising stays
 * resolved.
 *
 * @param clientRef the pseudonymous client reference (never the client id): the alert follows the
 *                  client to every counsellor with a session for them
 * @param counsellorId the counsellor of the session whose form raised it
 */
public record SafetyAlert(
        UUID alertId,
        UUID feedbackId,
        UUID counsellorId,
        String clientRef,
        String instrumentId,
        SafetyStatus status,
        Instant raisedAt,
        Instant acknowledgedAt,
        Instant escalatedAt,
        Instant resolvedAt) {

    public SafetyAlert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(feedbackId, "feedbackId");
        Objects.requireNonNull(counsellorId, "counsellorId");
        Objects.requireNonNull(clientRef, "clientRef");
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }

    /** What is known of the alert once both states have been heard of, in either order. */
    public SafetyAlert merge(SafetyAlert other) {
        if (!alertId.equals(other.alertId)) {
            throw new IllegalArgumentException("states of two alerts: " + alertId + ", " + other.alertId);
        }
        // Which form, counsellor, client and instrument an alert is about never changes.
        return new SafetyAlert(alertId, feedbackId, counsellorId, clientRef, instrumentId,
                SafetyStatus.later(status, other.status),
                earlier(raisedAt, other.raisedAt),
                earlier(acknowledgedAt, other.acknowledgedAt),
                earlier(escalatedAt, other.escalatedAt),
                earlier(resolvedAt, other.resolvedAt));
    }

    public boolean resolved() {
        return status.resolved();
    }

    /**
     * A batch's effect on the stored alerts: each state merged into what is stored of its alert
     * (or into the batch's earlier states of the same alert). Returns the alerts whose state
     * changed, as they are now, in the order of their first state in the batch; an alert the
     * batch tells nothing new about is absent.
     *
     * @param stored alert id → the stored alert, for (at least) the batch's alerts that are stored
     */
    public static Map<UUID, SafetyAlert> apply(Map<UUID, SafetyAlert> stored, List<SafetyAlert> states) {
        Map<UUID, SafetyAlert> merged = new LinkedHashMap<>();
        for (SafetyAlert state : states) {
            SafetyAlert known = merged.getOrDefault(state.alertId(), stored.get(state.alertId()));
            merged.put(state.alertId(), known == null ? state : known.merge(state));
        }
        merged.entrySet().removeIf(entry -> entry.getValue().equals(stored.get(entry.getKey())));
        return merged;
    }

    /** The one that is set; of two, the earlier. */
    private static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isBefore(a) ? a : b;
    }
}
