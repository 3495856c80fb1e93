package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady load of counsellor1's sessions with client1 (schedule, start, end, an SRS after the end,
 * a PHQ-9 with a risk answer after the start of every tenth), and the record of what the API
 * accepted: the oracle of the reliability suite. Only a definite answer counts. A request with no
 * answer (a killed service, a restarting database) is repeated until it gets one: a transition
 * whose repeat is a 409 had been accepted the first time, and a feedback is repeated with its
 * Idempotency-Key, so the record never misses an accepted change nor invents one.
 */
final class SteadyLoad implements AutoCloseable {

    static final String SCHEDULED = "rapport.session.scheduled.v1";
    static final String STARTED = "rapport.session.started.v1";
    static final String ENDED = "rapport.session.ended.v1";

    private static final String SRS = "{\"instrumentId\":\"srs\",\"answers\":{\"1\":8.5,\"2\":9.0,\"3\":9.5,\"4\":9.0}}";
    private static final String RISK_ANSWER =
            "{\"instrumentId\":\"phq-9\",\"answers\":{\"1\":1,\"2\":2,\"3\":1,\"4\":1,\"5\":0,\"6\":1,\"7\":0,\"8\":0,\"9\":1}}";
    /** Longer than any fault: a 60 s broker outage and the consumers' rejoin after it. */
    private static final Duration GIVE_UP = Duration.ofMinutes(4);
    private static final RestAssuredConfig TIMEOUTS = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 15_000));

    /** Accepted session changes by session id, in order. */
    final Map<String, List<String>> sessions = new ConcurrentHashMap<>();
    /**
     * Accepted feedback ids by session id (one or two per session). Two client loops may add to
     * one session's list at once (its risk answer and its SRS, both held back by a broker outage
     * and accepted together after it), so the lists are thread-safe: an ArrayList lost one such
     * add and the suite counted a stored form as never accepted (CI of 2026-12-05, 1,257/1,256).
     */
    final Map<String, List<String>> feedback = new ConcurrentHashMap<>();
    /** Safety alerts raised by accepted risk answers, by session id. */
    final Map<String, String> safetyAlerts = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();
    final AtomicInteger abandoned = new AtomicInteger();

    private final long pauseNanos;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean paused = new AtomicBoolean();
    /** Sessions being made and forms not yet answered. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final BlockingQueue<Form> forms = new LinkedBlockingQueue<>();
    private final ExecutorService workers;
    private final List<Future<?>> loops = new ArrayList<>();

    private record Form(String session, String body, Instant due) {}

    /** {@code workers} counsellors' loops and as many clients', each counsellor starting a session every {@code pause}. */
    SteadyLoad(int workers, Duration pause) {
        this.pauseNanos = pause.toNanos();
        this.workers = Executors.newFixedThreadPool(2 * workers);
        for (int i = 0; i < workers; i++) {
            loops.add(this.workers.submit(this::counsellor));
            loops.add(this.workers.submit(this::client));
        }
    }

    int accepted() {
        return requests.get();
    }

    List<String> ended() {
        return sessions.entrySet().stream().filter(e -> e.getValue().contains(ENDED)).map(Map.Entry::getKey).toList();
    }

    int forms() {
        return feedback.values().stream().mapToInt(List::size).sum();
    }

    /** Stops making sessions until {@link #resume()}, and waits until every session and form in flight has its answer. */
    void pause() {
        paused.set(true);
        await().atMost(GIVE_UP.plusMinutes(1)).until(() -> inFlight.get() == 0);
    }

    void resume() {
        paused.set(false);
    }

    /** Stops making sessions, lets every form already due be answered, and waits for the workers. */
    @Override
    public void close() throws Exception {
        running.set(false);
        for (Future<?> worker : loops) {
            worker.get(GIVE_UP.toMinutes() + 1, TimeUnit.MINUTES);
        }
        workers.shutdownNow();
    }

    private void counsellor() {
        while (running.get()) {
            long next = System.nanoTime() + pauseNanos;
            if (!paused.get()) {
                inFlight.incrementAndGet();
                try {
                    oneSession();
                } finally {
                    inFlight.decrementAndGet();
                }
            }
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private void oneSession() {
        String counsellor = Platform.bearer("counsellor1");
        Response created = answered(() -> given().config(TIMEOUTS).header("Authorization", counsellor).contentType(ContentType.JSON)
                .body(Map.of("clientId", Platform.CLIENT1.toString(),
                        "scheduledStart", Instant.now().plus(1, ChronoUnit.DAYS).toString(), "modality", "VIDEO"))
                .post(Platform.SESSIONS + "/api/sessions"), false).orElse(null);
        // A schedule without an answer may have made a session nobody knows the id of: it is never
        // started, so it changes no figure the suite checks.
        if (created == null || created.statusCode() != 201) {
            return;
        }
        String id = created.path("id");
        List<String> life = new CopyOnWriteArrayList<>(List.of(SCHEDULED));
        sessions.put(id, life);
        requests.incrementAndGet();
        if (!transition(id, "start")) {
            return;
        }
        life.add(STARTED);
        if (started.incrementAndGet() % 10 == 0) {
            inFlight.incrementAndGet();
            forms.add(new Form(id, RISK_ANSWER, Instant.now().plus(GIVE_UP)));
        }
        if (!transition(id, "end")) {
            return;
        }
        life.add(ENDED);
        inFlight.incrementAndGet();
        forms.add(new Form(id, SRS, Instant.now().plus(GIVE_UP)));
    }

    /** A start or an end, repeated until it has a definite answer; true when it was accepted. */
    private boolean transition(String session, String action) {
        boolean unsure = false;
        Instant giveUp = Instant.now().plus(GIVE_UP);
        while (Instant.now().isBefore(giveUp)) {
            Optional<Response> response = answered(() -> given().config(TIMEOUTS)
                    .header("Authorization", Platform.bearer("counsellor1"))
                    .post(Platform.SESSIONS + "/api/sessions/{id}/" + action, session), true);
            if (response.isEmpty() || response.get().statusCode() >= 500) {
                unsure = true;
                continue;
            }
            int status = response.get().statusCode();
            if (status == 200 || status == 409 && unsure) {
                requests.incrementAndGet();
                return true;
            }
            return false;
        }
        abandoned.incrementAndGet();
        return false;
    }

    private void client() {
        while (running.get() || !forms.isEmpty()) {
            Form form;
            try {
                form = forms.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (form != null) {
                try {
                    submit(form);
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        }
    }

    /**
     * A form, with its own Idempotency-Key, until it is accepted: a 409 with Retry-After (the
     * session has not reached feedback-service yet), a 5xx or no answer is repeated.
     */
    private void submit(Form form) {
        String key = UUID.randomUUID().toString();
        while (Instant.now().isBefore(form.due())) {
            Optional<Response> response = answered(() -> given().config(TIMEOUTS)
                    .header("Authorization", Platform.bearer("client1")).header("Idempotency-Key", key)
                    .contentType(ContentType.JSON).body(form.body())
                    .post(Platform.FEEDBACK + "/api/sessions/{id}/feedback", form.session()), true);
            if (response.isEmpty() || response.get().statusCode() >= 500
                    || response.get().statusCode() == 409 && response.get().header("Retry-After") != null) {
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
                continue;
            }
            if (response.get().statusCode() == 201) {
                requests.incrementAndGet();
                feedback.computeIfAbsent(form.session(), s -> new CopyOnWriteArrayList<>()).add(response.get().path("id"));
                String alert = response.get().path("safetyAlertId");
                if (alert != null) {
                    safetyAlerts.put(form.session(), alert);
                }
            }
            return;
        }
        abandoned.incrementAndGet();
    }

    /** The response, or empty when none came (refused connection, timeout); pauses before a repeat. */
    private Optional<Response> answered(java.util.function.Supplier<Response> request, boolean repeating) {
        try {
            Response response = request.get();
            if (response.statusCode() >= 500 && repeating) {
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
            return Optional.of(response);
        } catch (Exception noAnswer) {
            // REST Assured throws a refused connection (a checked ConnectException) undeclared
            unanswered.incrementAndGet();
            if (repeating) {
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
            return Optional.empty();
        }
    }
}
