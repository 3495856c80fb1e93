package dev.rapport.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load at a fixed arrival rate (open model): request i is due at t0 + i / rate whatever happened
 * to the earlier ones, and its latency is measured from that intended time, not from when it was
 * actually sent. A server (or a driver) that stalls therefore shows the full wait of every request
 * that should have gone out during the stall: no coordinated omission. Bounded in count
 * (rate × duration) and in time (every request has a timeout; the driver stops waiting after it).
 */
final class OpenLoad {

    /** Highest latency the histograms track: 2 minutes, in microseconds. */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

    record Result(String name, double rate, Duration duration, long scheduled, long ok, long errors,
                  Map<String, Long> errorKinds, List<String> errorSamples, Histogram latency,
                  double achievedPerSecond, double maxSendLagMs) {

        double p(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMs() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
        }

        String summary() {
            return String.format(java.util.Locale.ROOT,
                    "%s: %.0f/s for %ds, %d sent, %d ok, %d errors%s; p50 %.1f ms, p99 %.1f ms, max %.1f ms; achieved %.0f/s; driver lag max %.1f ms",
                    name, rate, duration.toSeconds(), scheduled, ok, errors, errorKinds.isEmpty() ? "" : " " + errorKinds,
                    p(50), p(99), maxMs(), achievedPerSecond, maxSendLagMs);
        }
    }

    private OpenLoad() {}

    static Histogram newHistogram() {
        return new ConcurrentHistogram(HIGHEST_MICROS, 3);
    }

    /**
     * @param request request i (built on the scheduling thread just before it is due)
     * @param ok      which statuses count as success
     */
    static Result run(String name, LoadClient http, double rate, Duration duration, IntFunction<LoadClient.Call> request,
                      IntPredicate ok, Duration timeout, int maxInFlight) {
        int count = (int) Math.round(rate * duration.toMillis() / 1000.0);
        Histogram latency = newHistogram();
        LongAdder okCount = new LongAdder();
        LongAdder errorCount = new LongAdder();
        Map<String, Long> kinds = new ConcurrentHashMap<>();
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong lastCompletion = new AtomicLong();
        CountDownLatch done = new CountDownLatch(count);
        double periodNanos = 1e9 / rate;
        long maxLag = 0;
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < count; i++) {
            long intended = t0 + (long) (i * periodNanos);
            long now;
            while ((now = System.nanoTime()) < intended) {
                java.util.concurrent.locks.LockSupport.parkNanos(intended - now);
            }
            maxLag = Math.max(maxLag, now - intended);
            if (inFlight.get() >= maxInFlight) {
                // Not sent: the driver's own limit. Counted as an error, with the time it had waited.
                error(kinds, "driver in-flight cap", errorCount);
                latency.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - intended) / 1000));
                done.countDown();
                continue;
            }
            LoadClient.Call r;
            try {
                r = request.apply(i);
            } catch (RuntimeException e) {
                error(kinds, "request not built: " + e.getMessage(), errorCount);
                done.countDown();
                continue;
            }
            inFlight.incrementAndGet();
            final long due = intended;
            http.send(r).whenComplete((response, failure) -> {
                long end = System.nanoTime();
                latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (end - due) / 1000)));
                if (failure == null && ok.test(response.statusCode())) {
                    okCount.increment();
                    lastCompletion.accumulateAndGet(end, Math::max);
                } else {
                    String kind = failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode();
                    error(kinds, kind, errorCount);
                    if (samples.size() < 3) {
                        samples.add(kind + ": " + (failure != null ? String.valueOf(failure.getMessage())
                                : Json.abbreviate(response.body(), 240)));
                    }
                }
                inFlight.decrementAndGet();
                done.countDown();
            });
        }
        try {
            if (!done.await(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                long missing = done.getCount();
                kinds.merge("no answer within the timeout", missing, Long::sum);
                errorCount.add(missing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long last = lastCompletion.get();
        double elapsed = (last == 0 ? System.nanoTime() : last) - t0;
        double achieved = okCount.sum() / Math.max(elapsed / 1e9, duration.toMillis() / 1000.0);
        return new Result(name, rate, duration, count, okCount.sum(), errorCount.sum(), new TreeMap<>(kinds),
                List.copyOf(samples), latency, achieved, maxLag / 1e6);
    }

    /**
     * Closed model, for a ceiling only: {@code concurrency} requests always in flight, each sent as
     * soon as the previous one answered. It finds the most a trivial endpoint serves; its latencies
     * are service times, not comparable with the open-model figures.
     */
    static Result closed(String name, LoadClient http, int concurrency, Duration duration, java.util.function.Supplier<LoadClient.Call> request) {
        Histogram latency = newHistogram();
        LongAdder okCount = new LongAdder();
        LongAdder errorCount = new LongAdder();
        Map<String, Long> kinds = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        CountDownLatch workers = new CountDownLatch(concurrency);
        for (int w = 0; w < concurrency; w++) {
            loop(http, request, end, latency, okCount, errorCount, kinds, workers);
        }
        try {
            workers.await(duration.toMillis() + 15_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new Result(name, okCount.sum() / elapsed, duration, okCount.sum() + errorCount.sum(), okCount.sum(),
                errorCount.sum(), new TreeMap<>(kinds), List.of(), latency, okCount.sum() / elapsed, 0);
    }

    private static void loop(LoadClient http, java.util.function.Supplier<LoadClient.Call> request, long end, Histogram latency,
                             LongAdder ok, LongAdder errors, Map<String, Long> kinds, CountDownLatch workers) {
        if (System.nanoTime() >= end) {
            workers.countDown();
            return;
        }
        long start = System.nanoTime();
        // completes on the client's event loop, never on this stack
        http.send(request.get()).whenComplete((LoadClient.Answer response, Throwable failure) -> {
            latency.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - start) / 1000));
            if (failure == null && response.statusCode() == 200) {
                ok.increment();
            } else {
                error(kinds, failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode(), errors);
            }
            loop(http, request, end, latency, ok, errors, kinds, workers);
        });
    }

    private static void error(Map<String, Long> kinds, String kind, LongAdder errors) {
        kinds.merge(kind, 1L, Long::sum);
        errors.increment();
    }
}
