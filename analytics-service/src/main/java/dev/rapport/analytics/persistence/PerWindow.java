package dev.rapport.analytics.persistence;

import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * One statement for several windows of one counsellor: each aggregate once per window, counting
 * only the rows at or after that window's start ({@code :since0}, {@code :since1}, ...), over the
 * rows of the widest window ({@code :from}). The rows are read once, not once per window, and a
 * view costs one round trip per table rather than one per table and window.
 */
final class PerWindow {

    private PerWindow() {}

    /** One copy of {@code template} per window, its {@code %1$d} the window's index (its start is {@code :since%1$d}). */
    static String each(String template, int windows) {
        return IntStream.range(0, windows).mapToObj(template::formatted).collect(Collectors.joining(", "));
    }

    /**
     * The result row read window by window: {@code read} takes the row and the offset of a window's
     * first aggregate. Query for {@code Object.class}: a native query of one column (one window, one
     * aggregate) hands back the value itself, even when asked for {@code Object[]}.
     */
    static <T> List<T> read(Object result, int windows, int aggregatesPerWindow, BiFunction<Object[], Integer, T> read) {
        Object[] row = result instanceof Object[] columns ? columns : new Object[] {result};
        return IntStream.range(0, windows).mapToObj(w -> read.apply(row, w * aggregatesPerWindow)).toList();
    }

    /** Binds each window's start and the earliest of them as {@code :from}. */
    static <R, T extends Comparable<? super T>> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> query, List<T> starts) {
        for (int w = 0; w < starts.size(); w++) {
            query.setParameter("since" + w, starts.get(w));
        }
        return query.setParameter("from", Collections.min(starts));
    }
}
