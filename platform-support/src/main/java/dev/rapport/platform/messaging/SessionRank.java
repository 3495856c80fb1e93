package dev.rapport.platform.messaging;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

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

    /**
     * Per session, the batch's event latest in the session's life (the first of equals), in the
     * order sessions first appear: applying only it equals applying them all in order, since a
     * status never moves back.
     */
    public static <T> Collection<T> latestPerSession(List<T> events, Function<T, UUID> session, Function<T, String> status) {
        Map<UUID, T> latest = new LinkedHashMap<>();
        events.forEach(e -> latest.merge(session.apply(e), e, (kept, next) -> of(status.apply(next)) > of(status.apply(kept)) ? next : kept));
        return latest.values();
    }

    public static int of(String status) {
        return switch (status) {
            case "SCHEDULED" -> 0;
            case "IN_PROGRESS" -> 1;
            case "ENDED", "CANCELLED", "NO_SHOW" -> 2;
            default -> throw new IncomingEvent.PoisonEventException("unknown session status " + status);
        };
    }
}
