package dev.rapport.analytics.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.testing.EventStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.UUID;

/**
 * A counsellor's view as the stream serves it ({@code GET /api/metrics/counsellors/{id}/stream},
 * read with test-support's {@link EventStream}), for the tests of the streams and of the feed
 * behind them.
 */
final class ViewStreams {

    /** Views as JSON, figures read as written (BigDecimal): 95.00 stays 95.00. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ViewStreams() {}

    /** The stream's request, for a test that must see how it is answered (a refusal, several at once). */
    static HttpRequest request(URL counsellors, UUID counsellor, String bearer) {
        return HttpRequest.newBuilder(URI.create(counsellors + "/" + counsellor + "/stream"))
                .header("Authorization", bearer).header("Accept", "text/event-stream").GET().build();
    }

    /** The counsellor's stream as {@code bearer} reads it; fails unless it is served (200, text/event-stream). */
    static EventStream open(URL counsellors, UUID counsellor, String bearer) {
        return EventStream.open(counsellors + "/" + counsellor + "/stream", bearer);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }

    /** Whether the figure at {@code pointer} is {@code expected} as a number (95 and 95.00 alike). */
    static boolean is(JsonNode view, String pointer, String expected) {
        JsonNode figure = view.at(pointer);
        return figure.isNumber() && figure.decimalValue().compareTo(new BigDecimal(expected)) == 0;
    }
}
