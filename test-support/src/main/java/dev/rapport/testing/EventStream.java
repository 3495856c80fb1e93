package dev.rapport.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A server-sent event stream read as a client would: each {@code data:} line as JSON, with the
 * time it arrived, in a queue that a test awaits with a deadline. Numbers are read as written
 * (BigDecimal), so that a figure such as 95.00 compares exactly.
 */
public final class EventStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** One event and when it arrived ({@link System#nanoTime()}). */
    public record Arrival(long nanos, JsonNode data) {}

    private final Stream<String> lines;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    private EventStream(Stream<String> lines) {
        this.lines = lines;
        Thread reader = new Thread(() -> {
            try {
                lines.filter(line -> line.startsWith("data:")).forEach(line -> arrivals.add(new Arrival(System.nanoTime(), parse(line))));
            } catch (UncheckedIOException closed) {
                // the test closed the stream
            } finally {
                ended.countDown();
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream; fails unless the answer is 200 with {@code text/event-stream}. */
    public static EventStream open(String url, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization).header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200 || !response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
                response.body().close();
                throw new AssertionError("the stream " + url + " answered " + response.statusCode());
            }
            return new EventStream(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a stream the test opened itself: the body of a response it has checked (several
     * opened at once, or one that may be refused before it is served).
     */
    public static EventStream of(Stream<String> lines) {
        return new EventStream(lines);
    }

    /** Whether the stream ended (the server closed it, or the test did) within the deadline. */
    public boolean endsWithin(Duration deadline) {
        try {
            return ended.await(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first event from now on that matches, skipping others; fails when none came within the deadline. */
    public Arrival await(Predicate<JsonNode> match, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        try {
            while (true) {
                Arrival arrival = arrivals.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (arrival == null) {
                    throw new AssertionError("no matching event on the stream within " + deadline);
                }
                if (match.test(arrival.data())) {
                    return arrival;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event, whatever it is; fails when none came within the deadline. */
    public Arrival next(Duration deadline) {
        return await(any -> true, deadline);
    }

    public static Predicate<JsonNode> field(String name, Object value) {
        return node -> node.path(name).asText().equals(String.valueOf(value));
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line.substring(5).trim());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON on the stream: " + line, e);
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
