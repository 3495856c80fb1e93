package dev.rapport.analytics.domain;

/**
 * A safety alert's status in feedback-service's lifecycle (domain.md, "Safety pathway"), in the
 * one order it moves: {@code OPEN} → {@code ACKNOWLEDGED} → {@code RESOLVED}, never back. An
 * escalated alert stays {@code OPEN} (its escalation is an instant, not a status).
 */
public enum SafetyStatus {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED;

    /** The later of the two in the alert's life: what an alert is once both have been heard of. */
    public static SafetyStatus later(SafetyStatus a, SafetyStatus b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public boolean resolved() {
        return this == RESOLVED;
    }
}
