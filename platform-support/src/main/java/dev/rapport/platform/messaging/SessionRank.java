package dev.rapport.platform.messaging;

/**
 * Session events may arrive out of order (across partitions or after a replay): a status only
 * replaces one that comes earlier in the session's life, so the final state wins whatever the order.
 */
public final class SessionRank {

    /** The same order in SQL, for upserts that keep the later status: {@code rankOf(column)}. */
    public static String sql(String column) {
        return "(CASE " + column + " WHEN 'SCHEDULED' THEN 0 WHEN 'IN_PROGRESS' THEN 1 ELSE 2 END)";
    }

    private SessionRank() {}

    public static int of(String status) {
        return switch (status) {
            case "SCHEDULED" -> 0;
            case "IN_PROGRESS" -> 1;
            case "ENDED", "CANCELLED", "NO_SHOW" -> 2;
            default -> throw new IncomingEvent.PoisonEventException("unknown session status " + status);
        };
    }
}
