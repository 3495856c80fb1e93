package dev.rapport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * B3: analytics-service's rebuild operation, driven as an admin would. {@code POST
 * /api/admin/rebuild} answers 202 with the run's status and {@code Location:
 * /api/admin/rebuild/{id}} (409 while another rebuild runs: the driver waits and tries again a few
 * times); {@code GET} on the location answers the same status, {@code state} {@code RUNNING},
 * {@code SWITCHED} (done, the rebuilt tables are live) or {@code FAILED} ({@code detail} says
 * why). The driver polls it until it leaves RUNNING or the deadline passes, and times the run on
 * its own clock from the 202 to the first answer that says SWITCHED.
 */
final class RebuildOperation {

    static final String PATH = "/api/admin/rebuild";
    static final String RUNNING = "RUNNING";
    static final String SWITCHED = "SWITCHED";
    static final String FAILED = "FAILED";

    /** The status resource, as analytics-service answers it. */
    record Status(String id, String state, String requestedBy, Instant startedAt, Instant finishedAt, long events, long unreadable,
                  Double eventsPerSecond, String detail) {

        static Status parse(String json) {
            JsonNode n = Json.read(json);
            if (!n.hasNonNull("id") || !n.hasNonNull("state")) {
                throw new IllegalStateException("not a rebuild status (no id or state): " + Json.abbreviate(json, 200));
            }
            JsonNode eps = n.path("eventsPerSecond");
            return new Status(n.get("id").asText(), n.get("state").asText(), text(n, "requestedBy"), instant(n, "startedAt"),
                    instant(n, "finishedAt"), n.path("events").asLong(0), n.path("unreadable").asLong(0),
                    eps.isNumber() || (eps.isTextual() && !eps.asText().isBlank()) ? Double.valueOf(eps.asDouble()) : null,
                    text(n, "detail"));
        }

        boolean running() {
            return RUNNING.equals(state);
        }

        /** finishedAt − startedAt on the service's clock; NaN while running. */
        double serviceSeconds() {
            return startedAt == null || finishedAt == null ? Double.NaN : Duration.between(startedAt, finishedAt).toNanos() / 1e9;
        }

        private static String text(JsonNode n, String field) {
            return n.hasNonNull(field) ? n.get(field).asText() : null;
        }

        private static Instant instant(JsonNode n, String field) {
            String t = text(n, field);
            return t == null ? null : Instant.parse(t);
        }
    }

    /** Records read so far, as the status reported them (the service updates them every 10 batches). */
    record Sample(double seconds, long events) {}

    /**
     * A rebuild that switched over.
     *
     * @param wallSeconds from the 202 to the first status that said SWITCHED, on the driver's clock
     *                    (includes up to one poll interval)
     */
    record Outcome(Status status, String statusUrl, double wallSeconds, int conflicts, int pollErrors, List<Sample> progress) {

        double driverEventsPerSecond() {
            return wallSeconds > 0 ? status.events() / wallSeconds : Double.NaN;
        }
    }

    /** The POST answered 404: this analytics-service has no rebuild operation. */
    static final class NotAvailable extends Exception {
        NotAvailable(String message) {
            super(message);
        }
    }

    private final Http http;
    private final String base;
    private final Duration poll;
    private final Duration conflictPause;
    private final int conflictRetries;
    private final Duration logEvery;
    private volatile String statusUrl;
    private volatile Status last;

    /**
     * @param base            the service, e.g. {@code http://127.0.0.1:8083}
     * @param poll            between two GETs of the status
     * @param conflictPause   after a 409, before the next POST
     * @param conflictRetries how many 409s to wait out before giving up
     */
    RebuildOperation(Http http, String base, Duration poll, Duration conflictPause, int conflictRetries, Duration logEvery) {
        this.http = http;
        this.base = base;
        this.poll = poll;
        this.conflictPause = conflictPause;
        this.conflictRetries = conflictRetries;
        this.logEvery = logEvery;
    }

    /** The last status seen of the rebuild this driver started (null before a 202). */
    Status last() {
        return last;
    }

    /**
     * Starts a rebuild and follows it to SWITCHED.
     *
     * @throws NotAvailable          the POST answered 404
     * @throws IllegalStateException the rebuild FAILED, did not switch over before the deadline, or could not be started
     */
    Outcome run(Supplier<String> bearer, Duration deadline) throws NotAvailable, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int conflicts = 0;
        HttpResponse<String> r;
        while (true) {
            r = http.send(http.request(base + PATH, bearer.get()).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            if (r.statusCode() == 202) {
                break;
            }
            if (r.statusCode() == 404) {
                throw new NotAvailable("POST " + PATH + " answered 404");
            }
            if (r.statusCode() == 409 && conflicts < conflictRetries && System.nanoTime() + conflictPause.toNanos() < end) {
                conflicts++;
                Log.info("POST %s: 409, another rebuild runs (%s); trying again in %.1f s (%d of %d)", PATH,
                        Json.abbreviate(r.body(), 120), conflictPause.toMillis() / 1000.0, conflicts, conflictRetries);
                TimeUnit.NANOSECONDS.sleep(conflictPause.toNanos());
                continue;
            }
            throw new IllegalStateException("POST " + PATH + " answered " + r.statusCode()
                    + (r.statusCode() == 409 ? " " + (conflicts + 1) + " times (another rebuild kept running)" : "") + ": "
                    + Json.abbreviate(r.body(), 300));
        }
        long t0 = System.nanoTime();
        Status s = Status.parse(r.body());
        last = s;
        statusUrl = r.headers().firstValue("Location")
                .map(location -> URI.create(base + "/").resolve(location).toString())
                .orElse(base + PATH + "/" + s.id());
        Log.info("rebuild %s started (202, %s); polling it every %d ms", s.id(), statusUrl, poll.toMillis());
        List<Sample> progress = new ArrayList<>();
        progress.add(new Sample(0, s.events()));
        long seenAt = t0;
        long lastLog = t0;
        int pollErrors = 0;
        String lastError = null;
        while (s.running()) {
            long now = System.nanoTime();
            if (now >= end) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "rebuild %s still %s after %.0f s, the deadline (%,d events read so far%s)", s.id(), s.state(),
                        (now - t0) / 1e9, s.events(), lastError == null ? "" : "; last poll error: " + lastError));
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(poll.toNanos(), end - now));
            try {
                HttpResponse<String> g = http.get(statusUrl, bearer.get());
                long at = System.nanoTime();
                if (g.statusCode() == 200) {
                    s = Status.parse(g.body());
                    last = s;
                    seenAt = at;
                    if (s.events() != progress.get(progress.size() - 1).events()) {
                        progress.add(new Sample(Results.round((at - t0) / 1e9), s.events()));
                    }
                } else {
                    pollErrors++;
                    lastError = "HTTP " + g.statusCode() + " " + Json.abbreviate(g.body(), 120);
                }
            } catch (RuntimeException e) {
                // analytics-service restarting, a timeout: the deadline decides
                pollErrors++;
                lastError = e.getMessage();
            }
            if (s.running() && System.nanoTime() - lastLog >= logEvery.toNanos()) {
                lastLog = System.nanoTime();
                Log.info("rebuild %s: %s, %,d events read after %.0f s%s", s.id(), s.state(), s.events(), (lastLog - t0) / 1e9,
                        lastError == null ? "" : " (" + pollErrors + " polls failed, last: " + lastError + ")");
            }
        }
        double wall = (seenAt - t0) / 1e9;
        if (FAILED.equals(s.state())) {
            throw new IllegalStateException(String.format(Locale.ROOT, "rebuild %s FAILED after %.1f s (%,d events read): %s",
                    s.id(), wall, s.events(), s.detail()));
        }
        if (!SWITCHED.equals(s.state())) {
            throw new IllegalStateException("rebuild " + s.id() + " ended in an unknown state " + s.state() + ": " + s.detail());
        }
        if (progress.get(progress.size() - 1).events() != s.events()) {
            progress.add(new Sample(Results.round(wall), s.events()));
        }
        return new Outcome(s, statusUrl, wall, conflicts, pollErrors, progress);
    }

    /**
     * Waits, at most {@code max}, until the rebuild this driver started (if any) is no longer
     * RUNNING; true when none runs.
     */
    boolean awaitIdle(Supplier<String> bearer, Duration max) throws InterruptedException {
        if (statusUrl == null || last == null || !last.running()) {
            return true;
        }
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            try {
                HttpResponse<String> g = http.get(statusUrl, bearer.get());
                if (g.statusCode() == 200) {
                    last = Status.parse(g.body());
                    if (!last.running()) {
                        return true;
                    }
                }
            } catch (RuntimeException e) {
                // as in run(): the deadline decides
            }
            long now = System.nanoTime();
            if (now >= end) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(poll.toNanos(), end - now));
        }
    }
}
