package dev.rapport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The B3 driver against a stub of analytics-service's rebuild operation. */
class RebuildOperationTest {

    private static final String ID = "0b7f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f";

    private HttpServer server;
    private String base;
    private Http http;
    /** What the POSTs answer, one after the other (the last one repeats). */
    private final Deque<Reply> posts = new ArrayDeque<>();
    /** What the GETs of the status answer, one after the other (the last one repeats). */
    private final Deque<Reply> gets = new ArrayDeque<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger getCount = new AtomicInteger();

    private record Reply(int status, String contentType, String body) {}

    @BeforeEach
    void stub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext(RebuildOperation.PATH, exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals(RebuildOperation.PATH)) {
                Reply r = next(posts);
                if (r.status() == 202) {
                    exchange.getResponseHeaders().add("Location", RebuildOperation.PATH + "/" + ID);
                }
                send(exchange, r);
            } else if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals(RebuildOperation.PATH + "/" + ID)) {
                getCount.incrementAndGet();
                send(exchange, next(gets));
            } else {
                send(exchange, new Reply(405, "text/plain", "no"));
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        http = new Http("test", 2, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    private static Reply next(Deque<Reply> replies) {
        synchronized (replies) {
            return replies.size() > 1 ? replies.poll() : replies.peek();
        }
    }

    private static void send(HttpExchange exchange, Reply r) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", r.contentType());
        exchange.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static Reply status(int http, String state, long events, String eps, String finishedAt, String detail) {
        return new Reply(http, "application/json", String.format(
                "{\"id\":\"%s\",\"state\":\"%s\",\"requestedBy\":\"5e0b3a1c-0000-4000-8000-000000000001\",\"startedAt\":\"2026-11-29T10:00:00Z\","
                        + "\"finishedAt\":%s,\"events\":%d,\"unreadable\":%d,\"eventsPerSecond\":%s,\"detail\":%s}",
                ID, state, finishedAt == null ? "null" : "\"" + finishedAt + "\"", events, events > 0 ? 3 : 0, eps,
                detail == null ? "null" : "\"" + detail + "\""));
    }

    private static Reply conflict() {
        return new Reply(409, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"A rebuild is running; follow it at its status resource\"}");
    }

    private RebuildOperation operation() {
        return new RebuildOperation(http, base, Duration.ofMillis(20), Duration.ofMillis(30), 3, Duration.ofSeconds(10));
    }

    @Test
    void theStatusParses() {
        RebuildOperation.Status s = RebuildOperation.Status.parse(status(200, "SWITCHED", 1_000_000, "31250.5", "2026-11-29T10:00:32Z", null).body());
        assertEquals(ID, s.id());
        assertEquals("SWITCHED", s.state());
        assertEquals(1_000_000, s.events());
        assertEquals(3, s.unreadable());
        assertEquals(31250.5, s.eventsPerSecond());
        assertEquals(Instant.parse("2026-11-29T10:00:00Z"), s.startedAt());
        assertEquals(32.0, s.serviceSeconds(), 1e-9);
        assertFalse(s.running());

        RebuildOperation.Status running = RebuildOperation.Status.parse(status(200, "RUNNING", 0, "null", null, null).body());
        assertTrue(running.running());
        assertNull(running.eventsPerSecond());
        assertNull(running.finishedAt());
        assertTrue(Double.isNaN(running.serviceSeconds()));

        assertThrows(IllegalStateException.class, () -> RebuildOperation.Status.parse("{\"title\":\"Conflict\"}"));

        // into results.json as it came
        String raw = Json.write(s);
        assertTrue(raw.contains("\"startedAt\":\"2026-11-29T10:00:00Z\"") && raw.contains("\"finishedAt\":\"2026-11-29T10:00:32Z\""), raw);
        assertEquals(s.events(), Json.read(Json.pretty(s)).get("events").asLong());
    }

    @Test
    void aConflictIsWaitedOutThenTheRunIsFollowedToItsSwitchOver() throws Exception {
        posts.add(conflict());
        posts.add(status(202, "RUNNING", 0, "null", null, null));
        gets.add(status(200, "RUNNING", 0, "null", null, null));
        gets.add(status(503, "RUNNING", 0, "null", null, null)); // a restart in between: the deadline decides, not one failed poll
        gets.add(status(200, "RUNNING", 10_000, "null", null, null));
        gets.add(status(200, "RUNNING", 20_000, "null", null, null));
        gets.add(status(200, "SWITCHED", 25_000, "12500.0", "2026-11-29T10:00:02Z", null));

        RebuildOperation op = operation();
        RebuildOperation.Outcome out = op.run(() -> "admin-token", Duration.ofSeconds(10));

        assertEquals("SWITCHED", out.status().state());
        assertEquals(25_000, out.status().events());
        assertEquals(12500.0, out.status().eventsPerSecond());
        assertEquals(1, out.conflicts());
        assertEquals(1, out.pollErrors());
        assertEquals(base + RebuildOperation.PATH + "/" + ID, out.statusUrl());
        assertEquals(5, getCount.get());
        // the driver's own clock: at least the four poll intervals before the SWITCHED answer
        assertTrue(out.wallSeconds() >= 0.08, "wall " + out.wallSeconds());
        assertEquals(out.status().events() / out.wallSeconds(), out.driverEventsPerSecond(), 1e-6);
        assertEquals(List.of(0L, 10_000L, 20_000L, 25_000L), out.progress().stream().map(RebuildOperation.Sample::events).toList());
        assertTrue(authorizations.stream().allMatch("Bearer admin-token"::equals), authorizations.toString());
        assertTrue(op.awaitIdle(() -> "admin-token", Duration.ofMillis(100)));
    }

    @Test
    void aFailedRebuildFailsThePhaseWithItsDetail() {
        posts.add(status(202, "RUNNING", 0, "null", null, null));
        gets.add(status(200, "RUNNING", 1_000, "null", null, null));
        gets.add(status(200, "FAILED", 2_000, "null", "2026-11-29T10:00:01Z", "SqlException: disk full"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> operation().run(() -> "t", Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("FAILED") && e.getMessage().contains("disk full"), e.getMessage());
    }

    @Test
    void aRebuildStillRunningAtTheDeadlineFailsThePhaseAndKeepsQueriesAway() throws Exception {
        posts.add(status(202, "RUNNING", 0, "null", null, null));
        gets.add(status(200, "RUNNING", 5_000, "null", null, null));

        RebuildOperation op = operation();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> op.run(() -> "t", Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("still RUNNING") && e.getMessage().contains("5,000"), e.getMessage());
        assertTrue(op.last().running());
        // B4 asks before querying: still running, so it must not go ahead...
        assertFalse(op.awaitIdle(() -> "t", Duration.ofMillis(100)));
        // ...until the run ends
        synchronized (gets) {
            gets.clear();
            gets.add(status(200, "SWITCHED", 9_000, "3000", "2026-11-29T10:00:03Z", null));
        }
        assertTrue(op.awaitIdle(() -> "t", Duration.ofSeconds(5)));
    }

    @Test
    void aConflictThatDoesNotEndIsAFailureAfterAFewTries() {
        posts.add(conflict());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> operation().run(() -> "t", Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("409") && e.getMessage().contains("4 times"), e.getMessage());
    }

    @Test
    void noOperationIs404AndOnly404() {
        posts.add(new Reply(404, "application/problem+json", "{\"status\":404}"));
        assertThrows(RebuildOperation.NotAvailable.class, () -> operation().run(() -> "t", Duration.ofSeconds(5)));

        posts.clear();
        posts.add(new Reply(403, "application/problem+json", "{\"status\":403}"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> operation().run(() -> "t", Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("403"), e.getMessage());
    }

    @Test
    void b2FallsBackToPollingOnlyWhereTheStreamIs404() {
        assertTrue(Main.useSse(200, "text/event-stream"));
        assertTrue(Main.useSse(200, "text/event-stream;charset=UTF-8"));
        assertFalse(Main.useSse(404, "application/problem+json"));
        assertThrows(IllegalStateException.class, () -> Main.useSse(403, ""));
        assertThrows(IllegalStateException.class, () -> Main.useSse(200, "application/json"));
        assertThrows(IllegalStateException.class, () -> Main.useSse(500, "text/plain"));
    }
}
