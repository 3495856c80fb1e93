package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The first fault of the reliability suite (issue 15; run with {@code -Preliability}, not part of
 * the default e2e run): under a steady load of sessions (scheduled, started, ended: 3 accepted
 * requests each), a second instance of feedback-service and then a second instance of
 * analytics-service, sharing their service's consumer group, are killed with SIGKILL mid-load.
 * The oracle is computed from the requests the API accepted, not from the services' output: every
 * accepted change on session-events exactly once, every ended session in feedback-service's
 * projection, and analytics' count of ended sessions moved by exactly the number ended.
 */
@Tag("reliability")
class KillUnderLoadTest {

    private static final int SESSIONS = Integer.getInteger("rapport.reliability.sessions", 340);
    private static final int CLIENTS = 4;
    private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(180);
    private static final List<String> LIFE = List.of("rapport.session.scheduled.v1", "rapport.session.started.v1", "rapport.session.ended.v1");

    @Test
    void killingSecondInstancesOfFeedbackAndAnalyticsUnderLoadLosesAndDoublesNothing() throws Exception {
        String counsellor = Platform.bearer("counsellor1");
        int endedBefore = sessionsEnded(counsellor);
        Map<String, List<String>> accepted = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Instant start;
        Instant lastKill;
        try (KafkaConsumer<String, String> topic = WalkingSkeletonTest.readFromNow("session-events");
             ServiceInstance feedback2 = ServiceInstance.start("feedback-service", 8095, Map.of());
             ServiceInstance analytics2 = ServiceInstance.start("analytics-service", 8096, Map.of())) {
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            start = Instant.now();
            try {
                List<Future<?>> load = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    load.add(clients.submit(() -> {
                        while (done.get() < SESSIONS) {
                            if (done.getAndIncrement() >= SESSIONS) {
                                return;
                            }
                            oneSession(counsellor, accepted, refused);
                        }
                    }));
                }
                await().atMost(RECOVERY_DEADLINE).until(() -> done.get() >= SESSIONS / 3);
                feedback2.kill();
                await().atMost(RECOVERY_DEADLINE).until(() -> done.get() >= 2 * SESSIONS / 3);
                analytics2.kill();
                lastKill = Instant.now();
                for (Future<?> f : load) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
            }
            Instant loadEnded = Instant.now();
            int requests = accepted.values().stream().mapToInt(List::size).sum();
            List<String> ended = accepted.entrySet().stream().filter(e -> e.getValue().contains("rapport.session.ended.v1"))
                    .map(Map.Entry::getKey).toList();
            assertEquals(0, refused.get(), "no request refused: feedback- and analytics-service are not on the request path of sessions");
            assertTrue(requests >= 1000, requests + " accepted requests");

            // Every accepted change on the topic exactly once.
            Map<String, Integer> published = new HashMap<>();
            Instant deadline = Instant.now().plus(RECOVERY_DEADLINE);
            while (published.values().stream().mapToInt(Integer::intValue).sum() < requests && Instant.now().isBefore(deadline)) {
                collect(topic, accepted.keySet(), published);
            }
            Instant quiet = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(quiet)) {
                collect(topic, accepted.keySet(), published);
            }
            int lost = 0;
            int doubled = 0;
            for (Map.Entry<String, List<String>> session : accepted.entrySet()) {
                for (String type : session.getValue()) {
                    int times = published.getOrDefault(session.getKey() + " " + type, 0);
                    lost += times == 0 ? 1 : 0;
                    doubled += Math.max(0, times - 1);
                }
            }

            // Every ended session in feedback-service's projection; analytics counts each once.
            await().atMost(RECOVERY_DEADLINE).until(() -> endedInFeedback(ended) == ended.size());
            await().atMost(RECOVERY_DEADLINE).until(() -> sessionsEnded(counsellor) >= endedBefore + ended.size());
            Instant recovered = Instant.now();
            // ... and stays there: a redelivery after the kills must not count a session twice.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> sessionsEnded(counsellor) == endedBefore + ended.size());

            String figures = "requests accepted: " + requests + " (" + accepted.size() + " sessions, " + ended.size() + " ended)\n"
                    + "load: " + Duration.between(start, loadEnded).toMillis() + " ms, " + CLIENTS + " clients\n"
                    + "faults: SIGKILL of a second feedback-service at 1/3, of a second analytics-service at 2/3\n"
                    + "events lost: " + lost + ", doubled: " + doubled + "\n"
                    + "analytics sessionsEnded: " + endedBefore + " -> " + sessionsEnded(counsellor) + " (expected +" + ended.size() + ")\n"
                    + "from the last kill to every view right: " + Duration.between(lastKill, recovered).toMillis() + " ms\n";
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/reliability-kill-under-load.txt"), figures);
            System.out.print(figures);
            assertEquals(0, lost, "events lost");
            assertEquals(0, doubled, "events doubled");
        }
    }

    private static void oneSession(String counsellor, Map<String, List<String>> accepted, AtomicInteger refused) {
        var created = given().header("Authorization", counsellor).contentType(ContentType.JSON)
                .body(Map.of("clientId", Platform.CLIENT1.toString(),
                        "scheduledStart", Instant.now().plus(1, ChronoUnit.DAYS).toString(), "modality", "VIDEO"))
                .post(Platform.SESSIONS + "/api/sessions");
        if (created.statusCode() != 201) {
            refused.incrementAndGet();
            return;
        }
        String id = created.path("id");
        List<String> life = new ArrayList<>();
        life.add(LIFE.get(0));
        accepted.put(id, life);
        if (given().header("Authorization", counsellor).post(Platform.SESSIONS + "/api/sessions/{id}/start", id).statusCode() != 200) {
            refused.incrementAndGet();
            return;
        }
        life.add(LIFE.get(1));
        if (given().header("Authorization", counsellor).post(Platform.SESSIONS + "/api/sessions/{id}/end", id).statusCode() != 200) {
            refused.incrementAndGet();
            return;
        }
        life.add(LIFE.get(2));
    }

    private static void collect(KafkaConsumer<String, String> topic, Set<String> sessions, Map<String, Integer> published) {
        for (ConsumerRecord<String, String> record : topic.poll(Duration.ofMillis(200))) {
            String subject = header(record, "ce_subject");
            if (subject != null && sessions.contains(subject)) {
                published.merge(subject + " " + header(record, "ce_type"), 1, Integer::sum);
            }
        }
    }

    private static int sessionsEnded(String token) {
        return given().header("Authorization", token)
                .get(Platform.ANALYTICS + "/api/metrics/counsellors/{id}?window=30d", Platform.COUNSELLOR1)
                .then().statusCode(200).extract().path("sessionsEnded");
    }

    private static int endedInFeedback(List<String> sessions) throws SQLException {
        String db = "rapport_feedback" + System.getenv().getOrDefault("RAPPORT_DB_SUFFIX", "");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + System.getenv().getOrDefault("PGHOST", "127.0.0.1")
                + ":" + System.getenv().getOrDefault("PGPORT", "5432") + "/" + db,
                System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv().getOrDefault("PGPASSWORD", ""));
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM session_projection WHERE status = 'ENDED' AND session_id = ANY(CAST(? AS uuid[]))")) {
            query.setArray(1, connection.createArrayOf("varchar", sessions.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
