package dev.rapport.feedback.domain;

public class UnknownInstrumentException extends RuntimeException {

    private final String instrumentId;

    public UnknownInstrumentException(String instrumentId) {
        super("unknown instrument: " + instrumentId);
        this.instrumentId = instrumentId;
    }

    public String instrumentId() {
        return instrumentId;
    }
}
