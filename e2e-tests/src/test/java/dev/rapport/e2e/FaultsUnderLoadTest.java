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
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.core.ConditionTimeoutException;
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
        try (KafkaConsumer<String, String> sessionEvents = WalkingSkeletonTest.readFromNow("session-events");
             KafkaConsumer<String, String> feedbackEvents = WalkingSkeletonTest.readFromNow("feedback-events");
             KafkaConsumer<String, String> alerts = WalkingSkeletonTest.readFromNow("alerts");
             SteadyLoad load = new SteadyLoad(3, Duration.ofMillis(300))) {
            Oracle oracle = new Oracle(load, sessionEvents, feedbackEvents, alerts);
            try (ServiceInstance feedback2 = ServiceInstance.start("feedback-service", 8095, Map.of());
                 ServiceInstance analytics2 = ServiceInstance.start("analytics-service", 8096, Map.of())) {
                after("rebalance: a second feedback-service and analytics-service joined their groups", load, oracle);
                feedback2.kill();
                after("SIGKILL of the second feedback-service", load, oracle);
                analytics2.kill();
                after("SIGKILL of the second analytics-service", load, oracle);
            }
            killSessionService();
            after("SIGKILL of session-service, started again", load, oracle);
            platform("down", "kafka");
            // the outage itself: a fault lasts as long as it lasts, there is nothing to await
            TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis());
            platform("up", "kafka");
            after("broker outage of " + OUTAGE.toSeconds() + " s", load, oracle);
            restartPostgres();
            after("PostgreSQL restart", load, oracle);
            try (ServiceInstance analytics3 = ServiceInstance.start("analytics-service", 8097, Map.of())) {
                after("rebalance: a third analytics-service joined", load, oracle);
            }
            after("rebalance: the third analytics-service left", load, oracle);
            await().atMost(RECOVERY).until(() -> load.accepted() >= MINIMUM_REQUESTS);
            load.pause();
            Oracle.Check last = oracle.check();

            String figures = "requests accepted: " + load.accepted() + " (" + load.sessions.size() + " sessions, " + load.ended().size()
                    + " ended, " + load.forms() + " forms, " + load.safetyAlerts.size() + " risk answers); requests repeated for want"
                    + " of an answer: " + load.unanswered.get() + "\n"
                    + String.join("\n", timeline) + "\n"
                    + "at the end: " + last + "\n";
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/reliability-faults-under-load.txt"), figures);
            System.out.print(figures);
            assertTrue(load.accepted() >= MINIMUM_REQUESTS, load.accepted() + " accepted requests");
            assertEquals(0, load.abandoned.get(), "requests without a definite answer after " + RECOVERY);
            assertTrue(timeline.stream().noneMatch(step -> step.contains("WRONG")), String.join("\n", timeline));
            last.assertRight();
        }
    }

    /**
     * After a fault: the load goes on for {@code BETWEEN_FAULTS} more accepted requests, pauses
     * until everything in flight has its answer, and the oracle is compared with the topics, the
     * database and the view; the time from the pause to a right view is the recovery figure.
     */
    private void after(String fault, SteadyLoad load, Oracle oracle) throws SQLException {
        int from = load.accepted();
        await().atMost(RECOVERY).until(() -> load.accepted() >= from + BETWEEN_FAULTS);
        load.pause();
        Oracle.Check check = oracle.check();
        note(fault + ": +" + (load.accepted() - from) + " requests; " + check);
        check.assertRight();
        load.resume();
        int resumed = load.accepted();
        // the next fault meets traffic in flight
        await().atMost(RECOVERY).until(() -> load.accepted() >= resumed + 10);
    }

    private void note(String step) {
        String line = String.format("%6.1f s  %s", Duration.between(begin, Instant.now()).toMillis() / 1000.0, step);
        timeline.add(line);
        System.out.println("reliability: " + line);
    }

    /** What the accepted requests say must be on the topics, in feedback-service and in the view, compared with what is. */
    private static final class Oracle {

        private final SteadyLoad load;
        private final View before;
        private final Topic sessionEvents;
        private final Topic feedbackEvents;
        private final Topic alerts;

        Oracle(SteadyLoad load, KafkaConsumer<String, String> sessionEvents,
               KafkaConsumer<String, String> feedbackEvents, KafkaConsumer<String, String> alerts) {
            this.load = load;
            this.before = view();
            this.sessionEvents = new Topic(sessionEvents);
            this.feedbackEvents = new Topic(feedbackEvents);
            this.alerts = new Topic(alerts);
        }

        record Check(Count sessionEvents, Count feedbackEvents, Count alerts, int forms, int formRows, int risks, int alertRows,
                     View expected, View actual, long recoveryMillis) {

            void assertRight() {
                assertTrue(sessionEvents.right(), "session-events: " + sessionEvents);
                assertTrue(feedbackEvents.right(), "feedback-events: " + feedbackEvents);
                assertTrue(alerts.right(), "alerts: " + alerts);
                assertEquals(forms, formRows, "forms stored");
                assertEquals(risks, alertRows, "safety alerts stored");
                assertEquals(expected, actual, "counsellor1's 30-day view");
            }

            boolean right() {
                return sessionEvents.right() && feedbackEvents.right() && alerts.right()
                        && forms == formRows && risks == alertRows && expected.equals(actual);
            }

            @Override
            public String toString() {
                return (right() ? "right" : "WRONG") + " (session-events " + sessionEvents + ", feedback-events " + feedbackEvents
                        + ", safety alerts raised " + alerts
                        + ", forms stored " + formRows + "/" + forms + ", safety alerts stored " + alertRows + "/" + risks
                        + ", view " + actual + " expected " + expected + ", right after " + recoveryMillis + " ms)";
            }
        }

        Check check() throws SQLException {
            Instant paused = Instant.now();
            Count sessions = sessionEvents.count(load.sessions.entrySet().stream()
                    .flatMap(s -> s.getValue().stream().map(type -> s.getKey() + " " + type)).toList());
            List<String> formIds = load.feedback.values().stream().flatMap(List::stream).toList();
            Count forms = feedbackEvents.count(formIds.stream().map(id -> id + " rapport.feedback.submitted").toList());
            Count raised = alerts.count(load.safetyAlerts.values().stream().map(id -> id + " rapport.alert.safety.raised").toList());
            List<String> ended = load.ended();
            await().atMost(RECOVERY).until(() -> rows("SELECT count(*) FROM session_projection WHERE status = 'ENDED'"
                    + " AND session_id = ANY(CAST(? AS uuid[]))", ended) == ended.size());
            Collection<String> ids = load.sessions.keySet();
            int formRows = rows("SELECT count(*) FROM feedback WHERE session_id = ANY(CAST(? AS uuid[]))", ids);
            int alertRows = rows("SELECT count(*) FROM safety_alert WHERE session_id = ANY(CAST(? AS uuid[]))", ids);
            View expected = new View(before.sessionsEnded() + ended.size(), before.safetyAlerts() + load.safetyAlerts.size());
            try {
                await().atMost(RECOVERY).until(() -> view().equals(expected));
                // ... and it stays there: a redelivery after the fault must not count anything twice
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> view().equals(expected));
            } catch (ConditionTimeoutException wrong) {
                // the check reports the view it finds
            }
            return new Check(sessions, forms, raised, formIds.size(), formRows, load.safetyAlerts.size(), alertRows, expected, view(),
                    Duration.between(paused, Instant.now()).toMillis());
        }
    }

    /**
     * A topic read from where the test began: "subject type" (type without its version) → the
     * ce_id of each record seen for it. One change published as two events (two ids) is doubled:
     * a consumer would count it twice. The same event twice (one id) is a redelivery, which the
     * outbox allows (a send reported failed that the broker had written, a relay that crashed
     * between the acknowledgement and its commit) and every consumer's de-duplication on ce_id
     * absorbs: counted, not a fault.
     */
    private static final class Topic {

        private final KafkaConsumer<String, String> consumer;
        private final Map<String, List<String>> seen = new HashMap<>();

        Topic(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
        }

        /** Reads until every change of {@code accepted} has been seen (and 2 s more, for doubles). */
        Count count(List<String> accepted) {
            Instant deadline = Instant.now().plus(RECOVERY);
            while (accepted.stream().anyMatch(change -> !seen.containsKey(unversioned(change))) && Instant.now().isBefore(deadline)) {
                read();
            }
            Instant quiet = Instant.now().plusSeconds(2);
            while (Instant.now().isBefore(quiet)) {
                read();
            }
            int lost = 0;
            int doubled = 0;
            int redelivered = 0;
            for (String change : accepted) {
                List<String> ids = seen.getOrDefault(unversioned(change), List.of());
                long distinct = ids.stream().distinct().count();
                lost += ids.isEmpty() ? 1 : 0;
                doubled += (int) Math.max(0, distinct - 1);
                redelivered += (int) (ids.size() - distinct);
            }
            return new Count(lost, doubled, redelivered);
        }

        private void read() {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                String subject = header(record, "ce_subject");
                String type = header(record, "ce_type");
                if (subject != null && type != null) {
                    seen.computeIfAbsent(subject + " " + unversioned(type), change -> new ArrayList<>()).add(header(record, "ce_id"));
                }
            }
        }

        private static String unversioned(String change) {
            return change.replaceAll("\\.v\\d+$", "");
        }
    }

    /** The figures the load moves, of counsellor1's 30-day view. */
    private record View(int sessionsEnded, int safetyAlerts) {}

    private record Count(int lost, int doubled, int redelivered) {

        boolean right() {
            return lost == 0 && doubled == 0;
        }

        @Override
        public String toString() {
            return "lost " + lost + ", doubled " + doubled + ", redelivered " + redelivered;
        }
    }

    private static View view() {
        var body = given().header("Authorization", Platform.bearer("counsellor1"))
                .get(Platform.ANALYTICS + "/api/metrics/counsellors/{id}?window=30d", Platform.COUNSELLOR1)
                .then().statusCode(200).extract();
        Integer alerts = body.path("safetyAlerts");
        return new View(body.path("sessionsEnded"), alerts == null ? 0 : alerts);
    }

    /** SIGKILL, then ./platform up once the process is gone (before that its port is still taken). */
    private static void killSessionService() throws IOException, InterruptedException, ExecutionException, TimeoutException {
        for (String pid : Files.readString(ROOT.resolve(".local/pids/session-service.pid")).trim().split("\\s+")) {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
            if (process.isPresent()) {
                process.get().destroyForcibly();
                process.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
        platform("up", "session-service");
    }

    /**
     * The machine's PostgreSQL, restarted the way the machine starts it, or by the command in
     * RAPPORT_POSTGRES_RESTART (a PostgreSQL of a test run's own, in a network namespace).
     */
    private static void restartPostgres() throws IOException, InterruptedException {
        String command = System.getenv("RAPPORT_POSTGRES_RESTART");
        if (command != null) {
            run(List.of("bash", "-c", command));
            return;
        }
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
