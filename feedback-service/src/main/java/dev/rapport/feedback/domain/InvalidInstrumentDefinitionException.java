package dev.rapport.feedback.domain;

/**
 * A definition file that cannot be used. Thrown at load time so that a broken organisation file
 * stops the service from starting instead of mis-scoring clients' forms later.
 */
public class InvalidInstrumentDefinitionException extends RuntimeException {

    private final String source;
    private final String field;

    /**
     * @param source  the file, e.g. "instruments/srs.json"
     * @param field   the path of the offending field, e.g. "items[2].id", or null for the whole file
     * @param problem what is wrong, e.g. "is missing"
     */
    public InvalidInstrumentDefinitionException(String source, String field, String problem) {
        this(source, field, problem, null);
    }

    public InvalidInstrumentDefinitionException(String source, String field, String problem, Throwable cause) {
        super(source + ": " + (field == null ? "" : field + " ") + problem, cause);
        this.source = source;
        this.field = field;
    }

    public String source() {
        return source;
    }

    /** The offending field's path, or null when the problem concerns the whole file. */
    public String field() {
        return field;
    }
}
