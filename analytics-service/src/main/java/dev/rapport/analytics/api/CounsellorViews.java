package dev.rapport.analytics.api;

import dev.rapport.analytics.domain.InstrumentOutcomes;
import dev.rapport.analytics.domain.Outcomes;
import dev.rapport.analytics.view.CounsellorPage;
import dev.rapport.analytics.view.CounsellorView;
import dev.rapport.analytics.view.Figures;
import dev.rapport.analytics.view.FlatJson;
import dev.rapport.platform.api.ProblemException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Sorting, paging and CSV of counsellors' views: the whitelist of figures one may sort and export by. */
final class CounsellorViews {

    static final int MAX_PAGE_SIZE = 100;

    /**
     * Every column, in the order of the view's JSON (and of the CSV): the properties of
     * {@link CounsellorView} ({@link FlatJson}), its {@link Figures} in their place, so that a figure
     * added to Figures is exported and sortable.
     */
    static final Map<String, Function<CounsellorView, Object>> COLUMNS = columns();

    /** Every figure that is a single value (not the outcomes object, not the belowMinimum list). */
    private static final List<String> SORTABLE = COLUMNS.keySet().stream()
            .filter(name -> !List.of("window", "asOf", "outcomes", "belowMinimum").contains(name)).toList();
    /** Read once: {@code getRecordComponents} reflects anew on every call, and the export reads them per cell. */
    private static final RecordComponent[] OUTCOME_COMPONENTS = InstrumentOutcomes.class.getRecordComponents();
    private static final List<String> OUTCOME_FIGURES = java.util.Arrays.stream(OUTCOME_COMPONENTS).map(RecordComponent::getName).toList();

    private CounsellorViews() {}

    private static Map<String, Function<CounsellorView, Object>> columns() {
        Map<String, Function<CounsellorView, Object>> columns = new LinkedHashMap<>();
        for (FlatJson.Property property : FlatJson.properties(CounsellorView.class)) {
            columns.put(property.name(), view -> property.reader().apply(view));
        }
        return Collections.unmodifiableMap(columns);
    }

    /** {@code name} ascending, {@code -name} descending; nulls ("nothing to average") last either way; ties by counsellorId. */
    static Comparator<CounsellorView> order(String sort) {
        boolean descending = sort.startsWith("-");
        String name = descending ? sort.substring(1) : sort;
        if (!SORTABLE.contains(name)) {
            throw ProblemException.invalidParameter("sort", "must be one of " + SORTABLE + ", with a leading '-' for descending");
        }
        Function<CounsellorView, Object> column = COLUMNS.get(name);
        Comparator<Comparable<Object>> natural = Comparator.naturalOrder();
        Comparator<CounsellorView> byColumn = Comparator.comparing(view -> comparable(column.apply(view)),
                Comparator.nullsLast(descending ? natural.reversed() : natural));
        return byColumn.thenComparing(view -> view.counsellorId().toString());
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object value) {
        return (Comparable<Object>) value;
    }

    static int page(String value) {
        return integer("page", value, 0, 0, Integer.MAX_VALUE);
    }

    static int size(String value) {
        return integer("size", value, 20, 1, MAX_PAGE_SIZE);
    }

    private static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidParameter(name, "must be an integer from " + min + " to " + max);
    }

    static CounsellorPage page(String window, String sort, int page, int size, List<CounsellorView> views) {
        List<CounsellorView> sorted = views.stream().sorted(order(sort)).toList();
        long from = Math.min((long) page * size, sorted.size());
        long to = Math.min(from + size, sorted.size());
        return new CounsellorPage(window, sort, page, size, sorted.size(), sorted.subList((int) from, (int) to));
    }

    /**
     * RFC 4180 CSV, a header row of the figures' names; an empty cell where a figure is null. The
     * outcomes object becomes one column per instrument and figure ({@code outcomes.phq-9.clients},
     * ...) for every instrument of any exported view (in the order of {@link Outcomes#ordered});
     * belowMinimum one cell of names joined by ';'. Rows by counsellorId. The export writes the
     * same header and rows a chunk at a time ({@link #csvHeader}, {@link #csvRows}).
     */
    static String csv(List<CounsellorView> views) {
        Set<String> instruments = new LinkedHashSet<>();
        views.forEach(view -> instruments.addAll(view.figures().outcomes().keySet()));
        List<String> ordered = Outcomes.ordered(instruments);
        return csvHeader(ordered) + csvRows(views.stream().sorted(order("counsellorId")).toList(), ordered);
    }

    /** The header row (with its line end) for views with these outcome instruments. */
    static String csvHeader(List<String> instruments) {
        List<String> header = new ArrayList<>();
        COLUMNS.keySet().forEach(name -> {
            if (!name.equals("outcomes")) {
                header.add(name);
                return;
            }
            instruments.forEach(instrument -> OUTCOME_FIGURES.forEach(figure -> header.add("outcomes." + instrument + "." + figure)));
        });
        return String.join(",", header) + "\r\n";
    }

    /** These views' rows (each with its line end), in the order given, the columns of {@link #csvHeader}. */
    static String csvRows(List<CounsellorView> views, List<String> instruments) {
        List<Function<CounsellorView, Object>> cells = new ArrayList<>();
        COLUMNS.forEach((name, column) -> {
            if (!name.equals("outcomes")) {
                cells.add(column);
                return;
            }
            for (String instrument : instruments) {
                for (int i = 0; i < OUTCOME_FIGURES.size(); i++) {
                    int figure = i;
                    cells.add(view -> outcome(view.figures().outcomes().get(instrument), figure));
                }
            }
        });
        StringBuilder csv = new StringBuilder();
        views.forEach(view -> csv.append(cells.stream().map(column -> cell(column.apply(view))).collect(Collectors.joining(",")))
                .append("\r\n"));
        return csv.toString();
    }

    private static Object outcome(InstrumentOutcomes outcomes, int figure) {
        return outcomes == null ? null : FlatJson.read(OUTCOME_COMPONENTS[figure], outcomes);
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> names) {
            // belowMinimum: figure names, which hold no comma or quote
            return names.stream().map(Object::toString).collect(Collectors.joining(";"));
        }
        // Every value is a number, an id, a window label or an instant: nothing to quote.
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }
}
