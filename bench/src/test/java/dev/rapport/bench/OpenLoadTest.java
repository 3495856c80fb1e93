package dev.rapport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenLoadTest {

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private String url;

    @BeforeEach
    void serverThatStallsOnce() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        // one thread: while it stalls, every later request waits in line, as behind a stalled service
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/", exchange -> {
            if (served.incrementAndGet() == 20) {
                sleep(1000);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyRequestDueDuringAStallShowsTheWait() {
        try (LoadClient http = new LoadClient(64, Duration.ofSeconds(10))) {
            OpenLoad.Result r = OpenLoad.run("stall", http, 100, Duration.ofSeconds(3), i -> LoadClient.Call.get(url, null),
                    status -> status == 200, Duration.ofSeconds(10), 4096);

            assertEquals(300, r.scheduled());
            assertEquals(300, r.ok());
            assertEquals(0, r.errors());
            // ~100 requests fall due during the one-second stall; measured from their intended send
            // time they wait from ~1 s down to ~0. A closed-loop driver would report one slow request.
            long slow = r.latency().getCountBetweenValues(250_000, OpenLoad.HIGHEST_MICROS);
            assertTrue(slow >= 50, "requests slower than 250 ms: " + slow);
            // Lower bounds only: a loaded machine may slow every request, never speed one up.
            assertTrue(r.p(99) >= 700, "p99 " + r.p(99) + " ms");
        }
    }

    @Test
    void theDriverOnlyTargetsTheLoopbackAddress() {
        assertThrows(IllegalArgumentException.class, () -> Http.local("http://example.org:8082/api"));
        assertThrows(IllegalArgumentException.class, () -> Http.local("http://localhost:8082/api"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
