package dev.rapport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ended sessions to give feedback on, made the way a counsellor makes them: schedule, start and
 * end through session-service with the counsellor's token. Then wait until feedback-service's
 * projection knows every one of them (the client's pending list shows it), so that the measured
 * submissions never meet "409, Retry-After: not known yet".
 */
final class Sessions {

    record Ended(int index, UUID id, Keycloak.User counsellor, Keycloak.User client) {}

    record Prepared(List<Ended> sessions, Duration took, int failed, List<String> failures) {
        double perSecond() {
            return sessions.size() / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    private static final String[] MODALITIES = {"VIDEO", "VIDEO", "VIDEO", "AUDIO", "CHAT"};

    private final Http http;
    private final Keycloak keycloak;
    private final int concurrency;

    Sessions(Http http, Keycloak keycloak, int concurrency) {
        this.http = http;
        this.keycloak = keycloak;
        this.concurrency = concurrency;
    }

    /** n ended sessions, counsellors in turn, clients drawn from the seeded random. */
    Prepared prepare(int n, List<Keycloak.User> counsellors, List<Keycloak.User> clients, SplittableRandom random) {
        long t0 = System.nanoTime();
        List<Ended> all = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int failed = 0;
        int next = 0;
        for (int round = 0; round < 3 && all.size() < n; round++) {
            int want = n - all.size();
            ConcurrentLinkedQueue<Ended> made = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            Semaphore permits = new Semaphore(concurrency);
            CountDownLatch latch = new CountDownLatch(want);
            AtomicInteger failedNow = new AtomicInteger();
            for (int k = 0; k < want; k++) {
                int index = next++;
                Keycloak.User counsellor = counsellors.get(index % counsellors.size());
                Keycloak.User client = clients.get(random.nextInt(clients.size()));
                String modality = MODALITIES[random.nextInt(MODALITIES.length)];
                permits.acquireUninterruptibly();
                lifecycle(index, counsellor, client, modality).whenComplete((ended, failure) -> {
                    if (failure == null) {
                        made.add(ended);
                    } else {
                        failedNow.incrementAndGet();
                        if (errors.size() < 3) {
                            errors.add(String.valueOf(failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage()));
                        }
                    }
                    permits.release();
                    latch.countDown();
                });
            }
            await(latch, Duration.ofMinutes(30));
            all.addAll(made);
            failed += failedNow.get();
            failures.addAll(errors);
        }
        all.sort(Comparator.comparingInt(Ended::index));
        return new Prepared(all, Duration.ofNanos(System.nanoTime() - t0), failed, failures);
    }

    private CompletableFuture<Ended> lifecycle(int index, Keycloak.User counsellor, Keycloak.User client, String modality) {
        String token = keycloak.bearer(counsellor);
        String start = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String body = Json.write(Map.of("clientId", client.id().toString(), "scheduledStart", start, "modality", modality));
        return http.async(http.postJsonRequest(Http.SESSIONS + "/api/sessions", token, body))
                .thenCompose(r -> {
                    expect(r, 201);
                    UUID id = UUID.fromString(Json.read(r.body()).get("id").asText());
                    return http.async(empty(Http.SESSIONS + "/api/sessions/" + id + "/start", token))
                            .thenCompose(started -> {
                                expect(started, 200);
                                return http.async(empty(Http.SESSIONS + "/api/sessions/" + id + "/end", token));
                            })
                            .thenApply(ended -> {
                                expect(ended, 200);
                                return new Ended(index, id, counsellor, client);
                            });
                });
    }

    private HttpRequest empty(String url, String token) {
        return http.request(url, token).header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri().getPath() + " answered "
                    + r.statusCode() + ": " + Json.abbreviate(r.body(), 160));
        }
    }

    /**
     * Waits until feedback-service lists every session as pending feedback for its client.
     *
     * @return the sessions still unknown when the deadline passed (empty: all known)
     */
    Set<UUID> awaitProjection(List<Ended> sessions, Duration deadline) {
        Map<Keycloak.User, Set<UUID>> waiting = new HashMap<>();
        sessions.forEach(s -> waiting.computeIfAbsent(s.client(), c -> new HashSet<>()).add(s.id()));
        long end = System.nanoTime() + deadline.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < end) {
            Semaphore permits = new Semaphore(Math.min(concurrency, 16));
            List<CompletableFuture<Void>> polls = new ArrayList<>();
            for (var e : List.copyOf(waiting.entrySet())) {
                permits.acquireUninterruptibly();
                polls.add(http.async(http.getRequest(Http.FEEDBACK + "/api/feedback/pending", keycloak.bearer(e.getKey())))
                        .thenAccept(r -> {
                            if (r.statusCode() == 200) {
                                Set<UUID> pending = new HashSet<>();
                                for (JsonNode p : Json.read(r.body())) {
                                    pending.add(UUID.fromString(p.get("sessionId").asText()));
                                }
                                synchronized (waiting) {
                                    e.getValue().removeAll(pending);
                                }
                            }
                        })
                        .whenComplete((v, f) -> permits.release()));
            }
            CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).exceptionally(f -> null).join();
            waiting.values().removeIf(Set::isEmpty);
            if (!waiting.isEmpty()) {
                sleep(Duration.ofMillis(250));
            }
        }
        Set<UUID> missing = new HashSet<>();
        waiting.values().forEach(missing::addAll);
        return missing;
    }

    static void await(CountDownLatch latch, Duration max) {
        try {
            latch.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
