package dev.rapport.analytics.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures of a view that rest on fewer distinct clients than the minimum for comparisons
 * between counsellors (domain.md: default 10 clients). A null figure is not flagged: there is
 * nothing to compare. Worked: an allianceIndex of 92.40 over 3 clients is flagged, one over 12 is not.
 */
public final class BelowMinimum {

    private final int minimumClients;
    private final List<String> figures = new ArrayList<>();

    public BelowMinimum(int minimumClients) {
        this.minimumClients = minimumClients;
    }

    public BelowMinimum check(String figure, Object value, long clients) {
        if (value != null && clients < minimumClients) {
            figures.add(figure);
        }
        return this;
    }

    public List<String> figures() {
        return List.copyOf(figures);
    }
}
