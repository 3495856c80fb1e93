package dev.rapport.analytics.service;

import dev.rapport.analytics.config.StreamConfig;
import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.view.CounsellorMetrics;
import dev.rapport.platform.api.Problem;
import dev.rapport.platform.api.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The counsellors' views as event streams, one view computation shared by every stream.
 *
 * <p>A change is computed once, by {@code messaging.AllianceMetricsPublisher}
 * (whichever instance), and comes back through alliance-metrics; this instance's one subscriber
 * to that feed hands the same view object to every open stream of its counsellor. The view a
 * stream starts with is the counsellor's latest one here, kept while anybody watches the
 * counsellor; only when there is none (or it is of an earlier UTC day, whose windows have moved)
 * is it computed, once, for every stream that opens meanwhile. So N readers of one counsellor
 * cost one computation per change, not N.
 *
 * <p>Each stream holds at most {@link StreamConfig#buffer()} views its reader has not taken; a
 * reader further behind is dropped (counted in {@code rapport.analytics.stream.dropped}): its
 * connection is reset, and it reconnects to the current view. A stream ends when the caller's
 * token expires (the client reconnects with a fresh one), and a caller may have at most
 * {@link StreamConfig#maxPerUser()} streams open on this instance.
 *
 * <p>Order: a view older than the latest one of its counsellor (a publication computed before
 * the view a stream started with) is not shown after it.
 */
@ApplicationScoped
public class MetricsStream {

    private static final Logger LOG = Logger.getLogger(MetricsStream.class);

    private final MetricsService metrics;
    private final MetricsFeed feed;
    private final StreamConfig config;
    private final Counter computed;
    private final Counter dropped;

    // Guarded by this.
    private final Map<UUID, Watched> watched = new HashMap<>();
    private final Map<UUID, Integer> openPerReader = new HashMap<>();
    private int open;

    public MetricsStream(MetricsService metrics, MetricsFeed feed, StreamConfig config, MeterRegistry registry) {
        this.metrics = metrics;
        this.feed = feed;
        this.config = config;
        this.computed = Counter.builder("rapport.analytics.stream.views.computed")
                .description("Views computed for event streams (a counsellor's first view while nobody watched them)").register(registry);
        this.dropped = Counter.builder("rapport.analytics.stream.dropped")
                .description("Event streams dropped because their reader fell more views behind than the buffer holds").register(registry);
        Gauge.builder("rapport.analytics.stream.open", this, MetricsStream::open).description("Open event streams").register(registry);
    }

    void start(@Observes StartupEvent event) {
        feed.views().subscribe().with(this::offer, failure -> LOG.errorf("The alliance-metrics feed failed (%s)", failure.getMessage()));
    }

    /**
     * The counsellor's view now, then after every change, until {@code until} (the token's
     * expiry; null: no end). {@code drop} closes the reader's connection, for a reader too slow for the buffer.
     *
     * @throws ProblemException 429 when the reader has as many streams open as allowed
     */
    public Multi<CounsellorMetrics> of(UUID counsellorId, UUID reader, Instant until, Runnable drop) {
        acquire(reader);
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable free = () -> {
            if (held.getAndSet(false)) {
                release(reader);
            }
        };
        Multi<CounsellorMetrics> views = Multi.createFrom().<CounsellorMetrics>emitter(emitter -> watch(counsellorId, emitter), BackPressureStrategy.BUFFER)
                .onOverflow().buffer(config.buffer())
                .onFailure(BackPressureFailure.class).recoverWithMulti(() -> {
                    dropped.increment();
                    free.run();
                    drop.run();
                    // The reset connection cancels the stream.
                    return Multi.createFrom().nothing();
                })
                .onTermination().invoke(free);
        if (until == null) {
            return views;
        }
        Duration left = Duration.between(Instant.now(), until);
        return views.select().first(left.isNegative() ? Duration.ZERO : left);
    }

    private void watch(UUID counsellorId, MultiEmitter<? super CounsellorMetrics> emitter) {
        Listener listener = new Listener(emitter);
        CounsellorMetrics current;
        boolean load;
        synchronized (this) {
            Watched w = watched.computeIfAbsent(counsellorId, id -> new Watched());
            w.listeners.add(listener);
            current = w.latest != null && today(w.latest) ? w.latest : null;
            load = current == null && !w.loading;
            w.loading |= load;
        }
        emitter.onTermination(() -> leave(counsellorId, listener));
        if (current != null) {
            listener.deliver(current);
        }
        if (load) {
            computed.increment();
            metrics.allWindows(counsellorId).subscribe().with(view -> {
                loaded(counsellorId);
                offer(view);
            }, failure -> failed(counsellorId, failure));
        }
    }

    /** A view of a counsellor, computed or published: every stream of the counsellor gets this one object. */
    void offer(CounsellorMetrics view) {
        List<Listener> targets;
        synchronized (this) {
            Watched w = watched.get(view.counsellorId());
            if (w == null || w.latest != null && view.asOf().isBefore(w.latest.asOf())) {
                return;
            }
            w.latest = view;
            targets = new ArrayList<>(w.listeners);
        }
        targets.forEach(listener -> listener.deliver(view));
    }

    private synchronized void loaded(UUID counsellorId) {
        Watched w = watched.get(counsellorId);
        if (w != null) {
            w.loading = false;
        }
    }

    /** The first view could not be computed: the streams still waiting for theirs fail (the client reconnects). */
    private void failed(UUID counsellorId, Throwable failure) {
        List<Listener> waiting = new ArrayList<>();
        synchronized (this) {
            Watched w = watched.get(counsellorId);
            if (w != null) {
                w.loading = false;
                w.listeners.stream().filter(Listener::waiting).forEach(waiting::add);
            }
        }
        waiting.forEach(listener -> listener.emitter.fail(failure));
    }

    private synchronized void leave(UUID counsellorId, Listener listener) {
        Watched w = watched.get(counsellorId);
        if (w != null) {
            w.listeners.remove(listener);
            if (w.listeners.isEmpty()) {
                // A load under way finds no entry and keeps its view to itself.
                watched.remove(counsellorId);
            }
        }
    }

    private synchronized void acquire(UUID reader) {
        int mine = openPerReader.getOrDefault(reader, 0);
        if (mine >= config.maxPerUser()) {
            throw new ProblemException(Problem.of(429, "Too many requests",
                    "You have " + mine + " view streams open, as many as allowed; close one or retry later"),
                    Map.of("Retry-After", Integer.toString(config.retryAfterSeconds())));
        }
        openPerReader.put(reader, mine + 1);
        open++;
    }

    private synchronized void release(UUID reader) {
        openPerReader.computeIfPresent(reader, (id, n) -> n > 1 ? n - 1 : null);
        open--;
    }

    private synchronized double open() {
        return open;
    }

    /** Streams open here for the counsellor (for tests). */
    synchronized int watching(UUID counsellorId) {
        Watched w = watched.get(counsellorId);
        return w == null ? 0 : w.listeners.size();
    }

    /** A view of an earlier UTC day is stale even without a change: its windows have moved on. */
    private static boolean today(CounsellorMetrics view) {
        return DayTotals.dayOf(view.asOf()).equals(DayTotals.dayOf(Instant.now()));
    }

    /** A counsellor somebody watches here: their latest view and the streams. */
    private static final class Watched {
        final Set<Listener> listeners = new LinkedHashSet<>();
        CounsellorMetrics latest;
        boolean loading;
    }

    /** One stream; views reach it from several threads, newest last, none twice. */
    private static final class Listener {
        final MultiEmitter<? super CounsellorMetrics> emitter;
        /** Written under the listener's lock, read without it (waiting() is asked under the stream's lock). */
        private volatile Instant last;

        Listener(MultiEmitter<? super CounsellorMetrics> emitter) {
            this.emitter = emitter;
        }

        synchronized void deliver(CounsellorMetrics view) {
            if (last != null && !view.asOf().isAfter(last)) {
                return;
            }
            last = view.asOf();
            emitter.emit(view);
        }

        boolean waiting() {
            return last == null;
        }
    }
}
