package dev.rapport.analytics.persistence;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * One statement for several windows of a batch of counsellors: per counsellor (the first column),
 * each aggregate once per window, counting only the rows at or after that window's start
 * ({@code :since0}, {@code :since1}, ...), over the rows of the widest window ({@code :from}). The
 * rows are read once, not once per window, and a flush of views costs one round trip per table
 * rather than one per table, window and counsellor.
 */
final class PerWindow {

    private PerWindow() {}

    /** One copy of {@code template} per window, its {@code %1$d} the window's index (its start is {@code :since%1$d}). */
    static String each(String template, int windows) {
        return IntStream.range(0, windows).mapToObj(template::formatted).collect(Collectors.joining(", "));
    }

    /**
     * Per counsellor of the batch, its row read window by window: {@code read} takes the row and the
     * offset of a window's first aggregate. A counsellor without rows has {@code none} in every window.
     */
    static <T> Map<UUID, List<T>> read(List<Object[]> rows, Collection<UUID> counsellors, int windows, int aggregatesPerWindow,
                                       BiFunction<Object[], Integer, T> read, T none) {
        Map<UUID, List<T>> perCounsellor = new HashMap<>();
        for (Object[] row : rows) {
            perCounsellor.put(Rows.uuid(row[0]),
                    IntStream.range(0, windows).mapToObj(w -> read.apply(row, 1 + w * aggregatesPerWindow)).toList());
        }
        return CounsellorBatch.complete(perCounsellor, counsellors, Collections.nCopies(windows, none));
    }

    /** Binds the batch's counsellors, each window's start and the earliest of them as {@code :from}. */
    static <R, T extends Comparable<? super T>> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> query,
                                                                             Collection<UUID> counsellors, List<T> starts) {
        for (int w = 0; w < starts.size(); w++) {
            query.setParameter("since" + w, starts.get(w));
        }
        return CounsellorBatch.bind(query, counsellors).setParameter("from", Collections.min(starts));
    }
}
