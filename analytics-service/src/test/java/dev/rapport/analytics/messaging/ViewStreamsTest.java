package dev.rapport.analytics.messaging;

import static dev.rapport.analytics.messaging.Scenario.DEADLINE;
import static dev.rapport.analytics.messaging.ViewStreams.JSON;
import static dev.rapport.analytics.messaging.ViewStreams.is;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.testing.EventStream;
import dev.rapport.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the counsellor views' event streams cost and how they end: one view computation shared by
 * every stream of a counsellor, a cap per caller, the end of a stream with its token, and a
 * reader too slow for its buffer dropped. (The test profile allows 3 streams per caller.)
 */
@QuarkusTest
class ViewStreamsTest {

    @TestHTTPResource("/api/metrics/counsellors")
    URL counsellors;

    @Inject
    AllianceMetricsFeed feed;

    @Inject
    AllianceMetricsPublisher publisher;

    @Inject
    MeterRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void listening() {
        await().atMost(DEADLINE).until(feed::listening);
    }

    @Test
    void everyStreamOfACounsellorGetsTheSameViewComputedOnce() throws Exception {
        Scenario s = new Scenario();
        UUID counsellor = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        UUID session = s.ended(counsellor, client, 1);
        s.sessionEvents.get(0).send();
        await().atMost(DEADLINE).until(() -> Views.view(counsellor, "30d").get("sessionsEnded").equals(1));
        await().atMost(DEADLINE).until(() -> publisher.pending() == 0);

        double computedBefore = count("rapport.analytics.stream.views.computed");
        List<String> bearers = List.of(TestTokens.bearer(counsellor, "counsellor"),
                TestTokens.bearer(UUID.randomUUID(), "supervisor"), TestTokens.bearer(UUID.randomUUID(), "supervisor"),
                TestTokens.bearer(UUID.randomUUID(), "analyst"), TestTokens.bearer(UUID.randomUUID(), "admin"));
        // Opened all at once: the streams that open while the first view is computed wait for it.
        List<CompletableFuture<HttpResponse<Stream<String>>>> opening = bearers.stream()
                .map(bearer -> http.sendAsync(ViewStreams.request(counsellors, counsellor, bearer), HttpResponse.BodyHandlers.ofLines())).toList();
        List<EventStream> streams = new ArrayList<>();
        try {
            for (CompletableFuture<HttpResponse<Stream<String>>> response : opening) {
                HttpResponse<Stream<String>> opened = response.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertEquals(200, opened.statusCode());
                streams.add(EventStream.of(opened.body()));
            }
            Set<String> firstAsOf = new HashSet<>();
            for (EventStream stream : streams) {
                firstAsOf.add(stream.await(view -> view.at("/windows/30d/sessionsEnded").asInt() == 1, DEADLINE).data().get("asOf").asText());
            }
            assertEquals(1, firstAsOf.size(), "every stream starts with the same view: " + firstAsOf);
            assertEquals(1.0, count("rapport.analytics.stream.views.computed") - computedBefore,
                    "5 streams of one counsellor, one computation");

            double publishedBefore = count("rapport.alliance.metrics.published");
            s.form(counsellor, client, session, "srs", "alliance", "38", "95.00", 0);
            s.feedbackEvents.get(0).send();
            Set<String> changedAsOf = new HashSet<>();
            for (EventStream stream : streams) {
                changedAsOf.add(stream.await(view -> is(view, "/windows/30d/allianceIndex", "95.00"), DEADLINE).data().get("asOf").asText());
            }
            assertEquals(1, changedAsOf.size(), "every stream gets the one published view: " + changedAsOf);
            assertTrue(count("rapport.alliance.metrics.published") - publishedBefore >= 1);
            assertEquals(1.0, count("rapport.analytics.stream.views.computed") - computedBefore,
                    "a change is computed by the publisher, not per stream");
            System.out.printf("View streams: 5 streams of one counsellor, 1 view computed for them, 1 view per change%n");
        } finally {
            streams.forEach(EventStream::close);
        }
    }

    @Test
    void aCallerWithAsManyStreamsAsAllowedIsRefusedWith429UntilOneCloses() throws Exception {
        UUID supervisor = UUID.randomUUID();
        String bearer = TestTokens.bearer(supervisor, "supervisor");
        List<EventStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                streams.add(ViewStreams.open(counsellors, UUID.randomUUID(), bearer));
                streams.get(i).next(DEADLINE);
            }
            HttpResponse<String> refused = http.send(ViewStreams.request(counsellors, UUID.randomUUID(), bearer), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, refused.statusCode());
            assertTrue(refused.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
            assertEquals("5", refused.headers().firstValue("retry-after").orElse(null));
            assertEquals(429, JSON.readTree(refused.body()).get("status").asInt());
            // Another caller is not affected.
            try (EventStream other = ViewStreams.open(counsellors, UUID.randomUUID(), TestTokens.bearer(UUID.randomUUID(), "supervisor"))) {
                other.next(DEADLINE);
            }

            streams.remove(0).close();
            await().atMost(DEADLINE).until(() -> {
                HttpResponse<Stream<String>> again = http.send(ViewStreams.request(counsellors, UUID.randomUUID(), bearer), HttpResponse.BodyHandlers.ofLines());
                if (again.statusCode() == 200) {
                    streams.add(EventStream.of(again.body()));
                    return true;
                }
                again.body().close();
                return false;
            });
        } finally {
            streams.forEach(EventStream::close);
        }
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() throws Exception {
        UUID counsellor = UUID.randomUUID();
        String bearer = "Bearer " + TestTokens.token(counsellor, Duration.ofSeconds(3), "counsellor");
        long opened = System.nanoTime();
        try (EventStream stream = ViewStreams.open(counsellors, counsellor, bearer)) {
            stream.next(DEADLINE);
            assertTrue(stream.endsWithin(DEADLINE), "the stream did not end with its token");
            long lasted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
            // The token's exp is in whole seconds: it ends between 2 and 3 s after it was made.
            assertTrue(lasted >= 1500, "the stream ended after " + lasted + " ms, before its token expired");
            System.out.printf("View streams: a 3 s token's stream ended after %d ms%n", lasted);
        }
    }

    @Test
    void aReaderThatStopsReadingIsDroppedNotBufferedWithoutEnd() throws Exception {
        UUID counsellor = UUID.randomUUID();
        double droppedBefore = count("rapport.analytics.stream.dropped");
        try (Socket socket = new Socket()) {
            // A small receive window, so that the server's socket fills after a few views.
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(counsellors.getHost(), counsellors.getPort()), 5000);
            socket.setSoTimeout((int) DEADLINE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + counsellors.getPath() + "/" + counsellor + "/stream HTTP/1.1\r\n"
                    + "Host: " + counsellors.getHost() + ":" + counsellors.getPort() + "\r\n"
                    + "Authorization: " + TestTokens.bearer(counsellor, "counsellor") + "\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String first = readFirstView(in);
            ObjectNode view = (ObjectNode) JSON.readTree(first);
            Instant asOf = Instant.parse(view.get("asOf").asText());

            // The reader reads no more; views keep coming, ten at a time (as the feed hands them
            // over), the next ten once the control below, a reader that reads, has the last of
            // them: it is never more than ten behind, so it is not dropped however slow the machine.
            try (EventStream control = ViewStreams.open(counsellors, counsellor, TestTokens.bearer(UUID.randomUUID(), "supervisor"))) {
                control.next(DEADLINE);
                int sent = 0;
                while (count("rapport.analytics.stream.dropped") == droppedBefore && sent < 50_000) {
                    for (int i = 0; i < 10; i++) {
                        sent++;
                        view.put("asOf", asOf.plusMillis(sent).toString());
                        feed.receive(new ConsumerRecord<>("alliance-metrics", 0, sent, counsellor.toString(), JSON.writeValueAsString(view)));
                    }
                    String lastOfTen = asOf.plusMillis(sent).toString();
                    control.await(v -> Instant.parse(v.get("asOf").asText()).toString().equals(lastOfTen), DEADLINE);
                }
                assertEquals(1.0, count("rapport.analytics.stream.dropped") - droppedBefore,
                        "the reader that stopped is dropped, the one that reads is not (" + sent + " views sent)");
                System.out.printf("View streams: a reader that stopped reading was dropped after %d views of %d bytes%n", sent, first.length());
            }
            // The connection is closed: reading what is left ends (end of stream or reset), it does not wait.
            assertTrue(drained(in), "the connection of the dropped reader is still open");
        }
    }

    private static boolean drained(InputStream in) {
        byte[] buffer = new byte[65536];
        try {
            while (in.read(buffer) >= 0) {
                // what the socket still held
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** The data of the first event, read byte by byte from a raw HTTP/1.1 response. */
    private static String readFirstView(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        int data = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the stream ended before its first view: " + text);
            }
            text.append((char) b);
            if (data < 0) {
                data = text.indexOf("data:");
            } else if (text.charAt(text.length() - 1) == '\n') {
                return text.substring(data + 5).trim();
            }
        }
    }

    private double count(String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
