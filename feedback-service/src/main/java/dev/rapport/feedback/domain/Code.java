package dev.rapport.feedback.domain;

import java.util.Objects;

/**
 * A code in an external terminology, for exporting results (e.g. FHIR Observations).
 *
 * @param system the terminology's URI, e.g. http://loinc.org
 * @param of     what the code stands for: "panel", "total", or an item id
 */
public record Code(String system, String code, String of) {

    public Code {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(of, "of");
    }
}
