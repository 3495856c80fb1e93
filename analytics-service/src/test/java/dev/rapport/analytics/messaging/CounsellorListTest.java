package dev.rapport.analytics.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The list and the export read the stored views in SQL: the list sorted and paged there in the
 * order api.md gives (a figure ascending or, with '-', descending; nulls last either way; ties by
 * counsellorId), the CSV written a chunk of counsellors at a time.
 */
@QuarkusTest
class CounsellorListTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The ids of the export test's counsellors: sorted before any random one. */
    private static final String BULK = "00000000-0000-4000-8000-";

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/api/metrics/export")
    URL export;

    @Test
    void everySortKeyPagesInTheOrderOfTheSpecification() {
        Scenario s = new Scenario();
        List<UUID> mine = new ArrayList<>();
        Map<UUID, Integer> ended = new LinkedHashMap<>();
        // Eight counsellors: 1 to 3 ended sessions; an srs form on all but every fourth (allianceIndex
        // null there), two of them alike (a tie on allianceIndex), below the cut-off on some (ruptures).
        String[] totals = {null, "30", "38", "34", null, "36", "38", "32"};
        for (int i = 0; i < totals.length; i++) {
            UUID counsellor = UUID.randomUUID();
            mine.add(counsellor);
            ended.put(counsellor, 1 + i % 3);
            for (int n = 0; n < 1 + i % 3; n++) {
                UUID client = UUID.randomUUID();
                UUID session = s.ended(counsellor, client, 2 + n);
                if (n == 0 && totals[i] != null) {
                    s.form(counsellor, client, session, "srs", "alliance", totals[i],
                            new BigDecimal(totals[i]).multiply(new BigDecimal("2.5")).setScale(2).toPlainString(), 2);
                }
            }
        }
        s.sessionEvents.forEach(Scenario.Event::send);
        s.feedbackEvents.forEach(Scenario.Event::send);
        Map<UUID, Map<String, Object>> views = new LinkedHashMap<>();
        for (UUID counsellor : mine) {
            int forms = totals[mine.indexOf(counsellor)] == null ? 0 : 1;
            await().atMost(DEADLINE).until(() -> {
                Map<String, Object> view = Views.view(counsellor, "all");
                views.put(counsellor, view);
                return ((Number) view.get("sessionsEnded")).intValue() == ended.get(counsellor)
                        && ((Number) view.get("allianceForms")).intValue() == forms;
            });
        }

        for (String sort : List.of("counsellorId", "-counsellorId", "sessionsEnded", "-sessionsEnded", "allianceIndex",
                "-allianceIndex", "feedbackRate", "-openRuptures", "ruptures")) {
            List<Map<String, Object>> listed = all(sort, 100);
            List<String> order = listed.stream().map(item -> (String) item.get("counsellorId"))
                    .filter(id -> mine.contains(UUID.fromString(id))).toList();
            List<String> expected = views.values().stream().sorted(order(sort)).map(view -> (String) view.get("counsellorId")).toList();
            assertEquals(expected, order, "sorted by " + sort);
            // The listed figures are the view's.
            listed.stream().filter(item -> mine.contains(UUID.fromString((String) item.get("counsellorId")))).forEach(item -> {
                Map<String, Object> view = views.get(UUID.fromString((String) item.get("counsellorId")));
                for (String figure : List.of("sessionsEnded", "allianceIndex", "allianceForms", "feedbackRate", "ruptures", "openRuptures")) {
                    assertEquals(String.valueOf(view.get(figure)), String.valueOf(item.get(figure)), figure + " of " + item);
                }
            });
        }
        // Small pages put together are the one large page.
        assertEquals(all("-allianceIndex", 100), all("-allianceIndex", 7));
    }

    @Test
    void theExportIsReadAndWrittenAChunkOfCounsellorsAtATime() throws Exception {
        int counsellors = 40_000;
        // One real view (of a counsellor without data) as the template of every bulk row.
        String template = given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "analyst"))
                .get("/api/metrics/counsellors/{id}?window=30d", UUID.randomUUID()).then().statusCode(200).extract().asString();
        pool.preparedQuery("""
                INSERT INTO counsellor_view (counsellor_id, changes, view_changes, as_of, metrics)
                SELECT id, 1, 1, now(), jsonb_build_object('counsellorId', id, 'asOf', now(),
                       'windows', jsonb_build_object('30d', jsonb_set(CAST(CAST($1 AS text) AS jsonb), '{counsellorId}', to_jsonb(CAST(id AS text)))))
                  FROM (SELECT CAST($2 || lpad(to_hex(n), 12, '0') AS uuid) AS id FROM generate_series(1, $3) AS n) ids
                """).execute(Tuple.of(template, BULK, counsellors)).await().atMost(Duration.ofMinutes(2));
        try {
            long stored = pool.preparedQuery("SELECT count(*) FROM counsellor_view WHERE CAST(counsellor_id AS text) LIKE $1 AND metrics IS NOT NULL")
                    .execute(Tuple.of(BULK + "%")).await().atMost(Duration.ofMinutes(1)).iterator().next().getLong(0);
            assertEquals(counsellors, stored, "bulk rows stored");
            double chunksBefore = count("rapport.analytics.export.chunks");
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress(export.getHost(), export.getPort()), 5000);
                socket.setSoTimeout((int) Duration.ofMinutes(1).toMillis());
                socket.getOutputStream().write(("GET " + export.getPath() + "?window=30d&format=csv HTTP/1.1\r\n"
                        + "Host: " + export.getHost() + ":" + export.getPort() + "\r\n"
                        + "Authorization: " + TestTokens.bearer(UUID.randomUUID(), "analyst") + "\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                String head = line(in);
                assertTrue(head.contains(" 200 "), head);
                Map<String, String> headers = new LinkedHashMap<>();
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    headers.put(header.substring(0, header.indexOf(':')).toLowerCase(), header.substring(header.indexOf(':') + 1).trim());
                }
                assertEquals("chunked", headers.get("transfer-encoding"), headers.toString());
                assertTrue(headers.get("content-type").startsWith("text/csv"), headers.toString());

                // The reader takes the first chunk and pauses: the service reads no further than the
                // socket holds, not every counsellor at once.
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                readChunk(in, body);
                Thread.sleep(2000);
                double readAtPause = count("rapport.analytics.export.chunks") - chunksBefore;
                while (readChunk(in, body)) {
                    // the rest
                }
                double read = count("rapport.analytics.export.chunks") - chunksBefore;
                String[] lines = body.toString(StandardCharsets.UTF_8).split("\r\n");
                assertTrue(lines[0].startsWith("counsellorId,window,asOf,"), lines[0]);
                List<String> bulk = new ArrayList<>();
                for (String line : lines) {
                    if (line.startsWith(BULK)) {
                        bulk.add(line.substring(0, 36));
                    }
                }
                if (bulk.size() != counsellors) {
                    Set<String> got = new HashSet<>(bulk);
                    List<Integer> missing = new ArrayList<>();
                    for (int n = 1; n <= counsellors; n++) {
                        if (!got.contains(BULK + String.format("%012x", n))) {
                            missing.add(n);
                        }
                    }
                    throw new AssertionError(bulk.size() + " bulk rows exported of " + counsellors + "; missing " + missing.size()
                            + " from n=" + missing.get(0) + " to n=" + missing.get(missing.size() - 1) + "; first lines: "
                            + String.join(" | ", java.util.Arrays.stream(lines).limit(3).map(l -> l.substring(0, Math.min(60, l.length()))).toList()));
                }
                assertEquals(bulk.stream().sorted().toList(), bulk, "rows by counsellorId");
                assertTrue(read >= counsellors / 200.0, read + " chunks read");
                assertTrue(readAtPause < read / 2, "while the reader paused the service had read " + readAtPause + " of " + read + " chunks");
                System.out.printf("Export: %d counsellors, %d bytes, %.0f chunks of at most 200 views; %.0f read while the reader paused%n",
                        lines.length - 1, body.size(), read, readAtPause);
            }
        } finally {
            pool.preparedQuery("DELETE FROM counsellor_view WHERE CAST(counsellor_id AS text) LIKE $1").execute(Tuple.of(BULK + "%"))
                    .await().atMost(Duration.ofMinutes(1));
        }
    }

    /** Every counsellor's view, all pages of {@code size}. */
    private static List<Map<String, Object>> all(String sort, int size) {
        List<Map<String, Object>> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = -1;
        for (int page = 0; total < 0 || items.size() < total; page++) {
            Map<String, Object> parsed = Views.read(given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "supervisor"))
                    .get("/api/metrics/counsellors?window=all&sort=" + sort + "&size=" + size + "&page=" + page).then().statusCode(200)
                    .extract().asString());
            total = ((Number) parsed.get("total")).longValue();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> pageItems = (List<Map<String, Object>>) parsed.get("items");
            assertTrue(pageItems.size() == Math.min(size, total - items.size()), "page " + page + " of " + total);
            pageItems.forEach(item -> assertTrue(seen.add((String) item.get("counsellorId")), "twice: " + item));
            items.addAll(pageItems);
        }
        return items;
    }

    /** api.md's order, written here apart from the service's: the figure, nulls last either way, ties by id. */
    private static Comparator<Map<String, Object>> order(String sort) {
        boolean descending = sort.startsWith("-");
        String figure = descending ? sort.substring(1) : sort;
        Function<Map<String, Object>, String> id = view -> (String) view.get("counsellorId");
        if (figure.equals("counsellorId")) {
            return descending ? Comparator.comparing(id).reversed() : Comparator.comparing(id);
        }
        Comparator<BigDecimal> natural = descending ? Comparator.<BigDecimal>naturalOrder().reversed() : Comparator.naturalOrder();
        return Comparator.<Map<String, Object>, BigDecimal>comparing(view -> view.get(figure) == null ? null
                        : new BigDecimal(String.valueOf(view.get(figure))), Comparator.nullsLast(natural))
                .thenComparing(id);
    }

    private double count(String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the response ended in a line: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** One HTTP/1.1 chunk into {@code body}; false at the last (empty) chunk. */
    private static boolean readChunk(InputStream in, ByteArrayOutputStream body) throws IOException {
        String size = line(in);
        int length = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (length == 0) {
            return false;
        }
        body.write(in.readNBytes(length));
        line(in);
        return true;
    }
}
