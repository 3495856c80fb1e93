package dev.rapport.bench;

import java.util.Optional;

/**
 * Reads a text/event-stream line by line: an event's data is its "data:" lines joined by new
 * lines, and it is complete at the blank line that follows. Comments (": keep-alive") and the
 * event's other fields are ignored.
 */
final class SseEvents {

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** The data of the event this line completes, if it completes one. */
    Optional<String> accept(String line) {
        if (line.isEmpty()) {
            if (!hasData) {
                return Optional.empty();
            }
            String event = data.toString();
            data.setLength(0);
            hasData = false;
            return Optional.of(event);
        }
        if (line.startsWith("data:")) {
            String value = line.substring(5);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
        return Optional.empty();
    }
}
