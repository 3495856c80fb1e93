package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reliability suite (issue 15; profile {@code reliability}, run by ./platform test after the
 * end-to-end phase): under a steady load of sessions and feedback it injects, one after the other,
 * a consumer-group rebalance (second instances of feedback- and analytics-service join), SIGKILL of
 * each second instance, SIGKILL of session-service, a 60 s broker outage, a PostgreSQL restart and
 * a rebalance by an instance that leaves. The oracle is {@link SteadyLoad}'s record of what the API
 * accepted, never the services' own output: every accepted change once on its topic, every form
 * and risk answer once in feedback-service, analytics' figures moved by exactly what was accepted.
 */
@Tag("reliability")
class FaultsUnderLoadTest {

    private static final int MINIMUM_REQUESTS = Integer.getInteger("rapport.reliability.requests", 1000);
    private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("rapport.reliability.outage-seconds", 60));
    /** Between faults: the load goes on, so that every fault meets traffic in flight. */
    private static final int BETWEEN_FAULTS = Integer.getInteger("rapport.reliability.between-faults", 60);
    private static final Duration RECOVERY = Duration.ofMinutes(4);
    private static final Path ROOT = ServiceInstance.ROOT;

    private final List<String> timeline = new ArrayList<>();
    private final Instant begin = Instant.now();

    @Test
    void faultsOneAfterTheOtherUnderLoadLoseNothingAndDoubleNothing() throws Exception {
        String counsellor = Platform.bearer("counsellor1");
        View before = view(counsellor);
        SteadyLoad load;
        Instant lastFault;
        try (KafkaConsumer<String, String> sessionEvents = WalkingSkeletonTest.readFromNow("session-events");
             KafkaConsumer<String, String> feedbackEvents = WalkingSkeletonTest.readFromNow("feedback-events");
             KafkaConsumer<String, String> alerts = WalkingSkeletonTest.readFromNow("alerts")) {
            load = new SteadyLoad(3, Duration.ofMillis(300));
            try (load) {
                progress(load, "load started");
                try (ServiceInstance feedback2 = ServiceInstance.start("feedback-service", 8095, Map.of());
                     ServiceInstance analytics2 = ServiceInstance.start("analytics-service", 8096, Map.of())) {
                    progress(load, "rebalance: a second feedback-service and analytics-service joined their groups");
                    feedback2.kill();
                    progress(load, "SIGKILL of the second feedback-service");
                    analytics2.kill();
                    progress(load, "SIGKILL of the second analytics-service");
                }
                killSessionService();
                progress(load, "SIGKILL of session-service, started again");
                platform("down", "kafka");
                // the outage itself: a fault lasts as long as it lasts, there is nothing to await
                TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis());
                platform("up", "kafka");
                progress(load, "broker outage of " + OUTAGE.toSeconds() + " s");
                restartPostgres();
                progress(load, "PostgreSQL restart");
                try (ServiceInstance analytics3 = ServiceInstance.start("analytics-service", 8097, Map.of())) {
                    progress(load, "rebalance: a third analytics-service joined");
                }
                lastFault = Instant.now();
                progress(load, "rebalance: the third analytics-service left");
                await().atMost(RECOVERY).until(() -> load.accepted() >= MINIMUM_REQUESTS);
            }
            note("load stopped; " + load.accepted() + " requests accepted");

            assertTrue(load.accepted() >= MINIMUM_REQUESTS, load.accepted() + " accepted requests");
            assertEquals(0, load.abandoned.get(), "requests without a definite answer after " + RECOVERY);

            Map<String, Integer> sessionChanges = published(sessionEvents, load.sessions.keySet(), load.sessions.values().stream()
                    .mapToInt(List::size).sum());
            Set<String> formIds = Set.copyOf(load.feedback.values().stream().flatMap(List::stream).toList());
            Map<String, Integer> forms = published(feedbackEvents, formIds, formIds.size());
            Set<String> alertIds = Set.copyOf(load.safetyAlerts.values());
            Map<String, Integer> raised = published(alerts, alertIds, alertIds.size());
            Count sessionsOnTopic = count(load.sessions.entrySet().stream()
                    .flatMap(s -> s.getValue().stream().map(type -> s.getKey() + " " + type)).toList(), sessionChanges);
            Count formsOnTopic = count(formIds.stream().map(id -> id + " rapport.feedback.submitted").toList(), forms);
            Count alertsOnTopic = count(alertIds.stream().map(id -> id + " rapport.alert.safety.raised").toList(), raised);

            List<String> ended = load.ended();
            await().atMost(RECOVERY).until(() -> rows("SELECT count(*) FROM session_projection WHERE status = 'ENDED'"
                    + " AND session_id = ANY(CAST(? AS uuid[]))", ended) == ended.size());
            Collection<String> sessions = load.sessions.keySet();
            int formRows = rows("SELECT count(*) FROM feedback WHERE session_id = ANY(CAST(? AS uuid[]))", sessions);
            int alertRows = rows("SELECT count(*) FROM safety_alert WHERE session_id = ANY(CAST(? AS uuid[]))", sessions);

            View expected = new View(before.sessionsEnded() + ended.size(), before.safetyAlerts() + alertIds.size());
            await().atMost(RECOVERY).until(() -> view(counsellor).equals(expected));
            Instant recovered = Instant.now();
            // ... and it stays there: a redelivery after the faults must not count anything twice.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> view(counsellor).equals(expected));

            String figures = "requests accepted: " + load.accepted() + " (" + sessions.size() + " sessions, " + ended.size()
                    + " ended, " + load.forms() + " forms, " + alertIds.size() + " risk answers); requests repeated for want of"
                    + " an answer: " + load.unanswered.get() + "\n"
                    + String.join("\n", timeline) + "\n"
                    + "session-events: lost " + sessionsOnTopic.lost() + ", doubled " + sessionsOnTopic.doubled() + "\n"
                    + "feedback-events: lost " + formsOnTopic.lost() + ", doubled " + formsOnTopic.doubled() + "\n"
                    + "alerts (safety raised): lost " + alertsOnTopic.lost() + ", doubled " + alertsOnTopic.doubled() + "\n"
                    + "feedback-service: " + formRows + " forms, " + alertRows + " safety alerts stored\n"
                    + "analytics (30d, counsellor1): " + before + " -> " + view(counsellor) + ", expected " + expected + "\n"
                    + "from the last fault to every figure right: " + Duration.between(lastFault, recovered).toMillis() + " ms\n";
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/reliability-faults-under-load.txt"), figures);
            System.out.print(figures);
            assertEquals(new Count(0, 0), sessionsOnTopic, "session-events");
            assertEquals(new Count(0, 0), formsOnTopic, "feedback-events");
            assertEquals(new Count(0, 0), alertsOnTopic, "alerts");
            assertEquals(load.forms(), formRows, "forms stored");
            assertEquals(alertIds.size(), alertRows, "safety alerts stored");
        }
    }

    /** The figures the load moves, of counsellor1's 30-day view. */
    private record View(int sessionsEnded, int safetyAlerts) {}

    private record Count(int lost, int doubled) {}

    private static View view(String token) {
        var body = given().header("Authorization", token)
                .get(Platform.ANALYTICS + "/api/metrics/counsellors/{id}?window=30d", Platform.COUNSELLOR1)
                .then().statusCode(200).extract();
        Integer alerts = body.path("safetyAlerts");
        return new View(body.path("sessionsEnded"), alerts == null ? 0 : alerts);
    }

    /** Waits until the load has made {@code BETWEEN_FAULTS} more accepted requests, and notes the step. */
    private void progress(SteadyLoad load, String step) {
        int from = load.accepted();
        await().atMost(RECOVERY).until(() -> load.accepted() >= from + BETWEEN_FAULTS);
        note(step + "; then " + (load.accepted() - from) + " more requests accepted");
    }

    private void note(String step) {
        timeline.add(String.format("%6.1f s  %s", Duration.between(begin, Instant.now()).toMillis() / 1000.0, step));
    }

    /** Records of {@code subjects} as "subject type" → times, read until {@code expected} were seen (and 3 s more). */
    private static Map<String, Integer> published(KafkaConsumer<String, String> topic, Set<String> subjects, int expected) {
        Map<String, Integer> seen = new HashMap<>();
        Instant deadline = Instant.now().plus(RECOVERY);
        while (seen.values().stream().mapToInt(Integer::intValue).sum() < expected && Instant.now().isBefore(deadline)) {
            collect(topic, subjects, seen);
        }
        Instant quiet = Instant.now().plusSeconds(3);
        while (Instant.now().isBefore(quiet)) {
            collect(topic, subjects, seen);
        }
        return seen;
    }

    private static void collect(KafkaConsumer<String, String> topic, Set<String> subjects, Map<String, Integer> seen) {
        for (ConsumerRecord<String, String> record : topic.poll(Duration.ofMillis(200))) {
            String subject = header(record, "ce_subject");
            String type = header(record, "ce_type");
            if (subject != null && type != null && subjects.contains(subject)) {
                // the version is not part of the identity of a change
                seen.merge(subject + " " + type.replaceAll("\\.v\\d+$", ""), 1, Integer::sum);
            }
        }
    }

    private static Count count(List<String> accepted, Map<String, Integer> published) {
        int lost = 0;
        int doubled = 0;
        for (String change : accepted) {
            int times = published.getOrDefault(change.replaceAll("\\.v\\d+$", ""), 0);
            lost += times == 0 ? 1 : 0;
            doubled += Math.max(0, times - 1);
        }
        return new Count(lost, doubled);
    }

    private static void killSessionService() throws IOException, InterruptedException {
        for (String pid : Files.readString(ROOT.resolve(".local/pids/session-service.pid")).trim().split("\\s+")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
        platform("up", "session-service");
    }

    /** The machine's PostgreSQL, restarted the way the machine starts it (docs/reliability.md). */
    private static void restartPostgres() throws IOException, InterruptedException {
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"));
    }

    private static void platform(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("platform").toString()));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).inheritIO().start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), String.join(" ", command) + " finished");
        assertEquals(0, process.exitValue(), String.join(" ", command));
    }

    private static int rows(String query, Collection<String> sessions) throws SQLException {
        String db = "rapport_feedback" + System.getenv().getOrDefault("RAPPORT_DB_SUFFIX", "");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + System.getenv().getOrDefault("PGHOST", "127.0.0.1")
                + ":" + System.getenv().getOrDefault("PGPORT", "5432") + "/" + db,
                System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv().getOrDefault("PGPASSWORD", ""));
             PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setArray(1, connection.createArrayOf("varchar", sessions.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
