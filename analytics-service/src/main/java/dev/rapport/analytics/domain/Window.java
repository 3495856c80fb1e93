package dev.rapport.analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** The windows of the per-counsellor view: a figure counts what happened since {@link #since}. */
public enum Window {
    D30("30d", Duration.ofDays(30)),
    D90("90d", Duration.ofDays(90)),
    ALL("all", null);

    private final String label;
    private final Duration length;

    Window(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    public String label() {
        return label;
    }

    /** The window's start as of {@code now}; the epoch for {@link #ALL}. */
    public Instant since(Instant now) {
        return length == null ? Instant.EPOCH : now.minus(length);
    }

    public static Optional<Window> parse(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst();
    }
}
