package dev.rapport.feedback.domain;

import java.util.Objects;

/**
 * A code in an external terminology, for exporting results (e.g. FHIR Observations).
 *
 * @param system the terminology's URI, e.g. http://loinc.org
 * @param of     what the code stands for: "panel", "total", "difficulty" or an item id
 */
public record Code(String system, String code, String of) {

    public static final String PANEL = "panel";
    public static final String TOTAL = "total";
    /**
     * The unscored question that follows the PHQ items ("How difficult have these problems made
     * it for you ..."). It has a code of its own for exchange with health records, but it is not
     * an item: an answer to it must not change the total.
     */
    public static final String DIFFICULTY = "difficulty";

    public Code {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(of, "of");
    }
}
