package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A client's part in the figures read from client states ({@link ClientFigures}: rupture
 * clients, open ruptures, outcomes from intake, r), stored as day rows so that a window's figures
 * are a sum over its days instead of a pass over every client's state.
 *
 * <p>What a client adds to a window starting on day F is a step function of F: it changes only on
 * the day of an outcome instrument's latest form (the instrument stops counting in windows that
 * start after it) and on the day of the latest episode (the client stops being a rupture client
 * there); open ruptures count in every window. So the client's rows are the differences between
 * consecutive steps, each on its day, and the rows on or after F add up to what the client adds
 * to the window starting on F. Open ruptures go on {@link #EVERY_WINDOW}, a day after every
 * window's start.
 *
 * <p>Worked: PHQ-9 intake 18, latest 8 on day 40 (improved, recovered), GAD-7 intake 12, latest
 * 14 on day 10 (not reliably changed): day 40 holds PHQ-9's counts and the headline verdict from
 * PHQ-9 alone; day 10 holds GAD-7's counts and the paired verdict minus PHQ-9's alone. A window
 * starting on day 20 sums day 40 (PHQ-9, one verdict from PHQ-9); one starting on day 5 sums both
 * (both instruments, one paired verdict).
 */
public final class ClientContributions {

    /** The day of figures that count in every window: after every window's first day. */
    public static final LocalDate EVERY_WINDOW = LocalDate.of(9999, 12, 31);

    private static final Thresholds ANY = Thresholds.defaults();

    private ClientContributions() {}

    /** The client's rows: day → figure → value, zeros left out; later days first. */
    public static Map<LocalDate, Map<String, BigDecimal>> of(ClientState client) {
        TreeSet<LocalDate> steps = new TreeSet<>(Comparator.reverseOrder());
        client.outcomes().values().forEach(h -> h.change().ifPresent(c -> steps.add(DayTotals.dayOf(c.latest().submittedAt()))));
        client.alliance().values().stream().map(HistoryState::lastEpisodeAt).filter(Objects::nonNull)
                .forEach(at -> steps.add(DayTotals.dayOf(at)));
        Map<LocalDate, Map<String, BigDecimal>> rows = new LinkedHashMap<>();
        Map<String, BigDecimal> previous = startingOn(client, EVERY_WINDOW);
        put(rows, EVERY_WINDOW, previous);
        for (LocalDate day : steps) {
            Map<String, BigDecimal> now = startingOn(client, day);
            put(rows, day, difference(now, previous));
            previous = now;
        }
        return rows;
    }

    /** The rows that turn a client's part {@code before} into {@code after} (null: no state): day → figure → value. */
    public static Map<LocalDate, Map<String, BigDecimal>> change(ClientState before, ClientState after) {
        Map<LocalDate, Map<String, BigDecimal>> rows = new TreeMap<>();
        if (after != null) {
            of(after).forEach((day, figures) -> rows.put(day, new HashMap<>(figures)));
        }
        if (before != null) {
            of(before).forEach((day, figures) -> {
                Map<String, BigDecimal> onDay = rows.computeIfAbsent(day, d -> new HashMap<>());
                figures.forEach((figure, value) -> onDay.merge(figure, value.negate(), BigDecimal::add));
            });
        }
        rows.values().forEach(figures -> figures.values().removeIf(value -> value.signum() == 0));
        rows.values().removeIf(Map::isEmpty);
        return rows;
    }

    /** What the client adds to the window whose first day is {@code firstDay}. */
    private static Map<String, BigDecimal> startingOn(ClientState client, LocalDate firstDay) {
        ClientFigures.Tally tally = new ClientFigures.Tally(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant(), ANY);
        tally.add(client);
        return tally.sums();
    }

    private static Map<String, BigDecimal> difference(Map<String, BigDecimal> now, Map<String, BigDecimal> previous) {
        Map<String, BigDecimal> difference = new LinkedHashMap<>(now);
        previous.forEach((figure, value) -> difference.merge(figure, value.negate(), BigDecimal::add));
        difference.values().removeIf(value -> value.signum() == 0);
        return difference;
    }

    private static void put(Map<LocalDate, Map<String, BigDecimal>> rows, LocalDate day, Map<String, BigDecimal> figures) {
        if (!figures.isEmpty()) {
            rows.put(day, figures);
        }
    }
}
