package dev.rapport.analytics.persistence;

import dev.rapport.platform.persistence.RecordSet;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A read for a batch of counsellors (a flush of views): one statement for all of them, its rows
 * grouped per counsellor, every counsellor asked for in the result.
 */
final class CounsellorBatch {

    /** The rows of the batch's counsellors ({@code :counsellors}, their ids as text): an index condition on every table keyed by counsellor. */
    static final String ROWS = "counsellor_id = ANY(CAST(string_to_array(:counsellors, ',') AS uuid[]))";

    private CounsellorBatch() {}

    /** Binds the batch's counsellors to {@code :counsellors}. */
    static <R> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> query, Collection<UUID> counsellors) {
        return query.setParameter("counsellors", RecordSet.ids(counsellors));
    }

    /** {@code found} with {@code none} for every counsellor of the batch that had no rows. */
    static <T> Map<UUID, T> complete(Map<UUID, T> found, Collection<UUID> counsellors, T none) {
        counsellors.forEach(counsellor -> found.putIfAbsent(counsellor, none));
        return found;
    }
}
