package dev.rapport.analytics.domain;

/**
 * Session events may arrive out of order (across partitions or after a replay): a status only
 * replaces one that comes earlier in the session's life, so the final state wins whatever the order.
 */
public final class SessionRank {

    private SessionRank() {}

    public static int of(String status) {
        return switch (status) {
            case "SCHEDULED" -> 0;
            case "IN_PROGRESS" -> 1;
            case "ENDED", "CANCELLED", "NO_SHOW" -> 2;
            default -> throw new IllegalArgumentException("unknown session status " + status);
        };
    }
}
