package dev.rapport.analytics.messaging;

import dev.rapport.analytics.config.AllianceMetricsConfig;
import dev.rapport.analytics.persistence.AdvisoryLocks;
import dev.rapport.analytics.service.MetricsService;
import dev.rapport.analytics.view.CounsellorMetrics;
import dev.rapport.platform.persistence.RecordSet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes a counsellor's whole view ({@link CounsellorMetrics}, every window) to the compacted
 * topic alliance-metrics as {@value #TYPE}, key and ce_subject the counsellor id, after every
 * committed change of their figures.
 *
 * <p>Consumers mark a counsellor as changed once their transaction has committed; a flusher
 * publishes each marked counsellor's freshly computed view, at most once per
 * {@code rapport.analytics.alliance-metrics.coalesce} (50 ms): a burst becomes one record, an
 * isolated change goes out at once. A view that cannot be published stays marked and is retried,
 * so the last state is never dropped while the process lives.
 *
 * <p>Why not the outbox: the record is derived, recomputable state, not an event that happened.
 * The outbox would write a whole view per consumed event in the consumer's transaction (the
 * coalescing is the point here), and a lost record is repaired by publishing the view again,
 * which is what the start of the service does ({@code publish-all-at-start}): a change committed
 * by a process that died before publishing it is published by the next one. At least once,
 * after commit.
 *
 * <p>A flush computes its counsellors' views together, {@value #MAX_FLUSH} at most: each table is
 * read once for the whole batch (eight statements per flush, not eight per view; at 200
 * feedbacks/s a flush holds some fifty counsellors). When a batch fails before its records were
 * sent (a database error, a view that cannot be computed), its counsellors are published one by
 * one, so that one cannot hold the others back; when the broker fails, they are all retried after
 * {@code retry-after}.
 *
 * <p>Order across instances: the session and the feedback of one counsellor may be consumed by
 * two instances. Each view is computed and sent under a transaction-scoped advisory lock per
 * counsellor, held until the broker has acknowledged it, so the records of one counsellor enter
 * the topic in the order their views were computed and the last one holds every committed change.
 */
@ApplicationScoped
public class AllianceMetricsPublisher {

    public static final String TOPIC = "alliance-metrics";
    public static final String TYPE = "rapport.metrics.counsellor.v1";

    private static final Logger LOG = Logger.getLogger(AllianceMetricsPublisher.class);
    private static final String LOCK = AdvisoryLocks.COUNSELLOR_VIEW.eachOf("counsellors");
    /**
     * Views per flush at most: what a flush holds in memory (the counsellors' client states and
     * views). Every view is marked changed after a rebuild or at start; the rest wait for the next
     * flushes, which follow at once. (Unbounded, a rebuild's 10,000 counsellors exhausted the heap.)
     */
    static final int MAX_FLUSH = 100;

    private final MetricsService metrics;
    private final MutinyEmitter<String> broker;
    private final Vertx vertx;
    private final AllianceMetricsConfig config;
    private final URI source;
    private final Counter published;
    private final Counter failures;
    private final Timer flushes;
    private final DistributionSummary flushViews;

    // Guarded by this.
    private final Set<UUID> dirty = new LinkedHashSet<>();
    private boolean timerSet;
    private boolean flushing;
    private long lastFlush = Long.MIN_VALUE / 2;
    private long pausedUntil = Long.MIN_VALUE / 2;

    public AllianceMetricsPublisher(MetricsService metrics,
                                    @Channel("alliance-metrics") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                                    MutinyEmitter<String> broker,
                                    Vertx vertx, AllianceMetricsConfig config, MeterRegistry registry,
                                    @ConfigProperty(name = "quarkus.application.name") String source) {
        this.metrics = metrics;
        this.broker = broker;
        this.vertx = vertx;
        this.config = config;
        this.source = URI.create(source);
        this.published = Counter.builder("rapport.alliance.metrics.published").description("Counsellor views published").register(registry);
        this.failures = Counter.builder("rapport.alliance.metrics.failures").description("Counsellor views not published (retried)").register(registry);
        this.flushes = Timer.builder("rapport.alliance.metrics.flush").description("Time to compute, send and store a flush's views")
                .register(registry);
        this.flushViews = DistributionSummary.builder("rapport.alliance.metrics.flush.views").description("Counsellors' views per flush")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (config.publishAllAtStart()) {
            publishAll();
        }
        atNextDay();
    }

    /**
     * The 30d and 90d windows move at midnight UTC without any change: every view is published
     * again then (the streams and the stored views of the list and export follow).
     */
    private void atNextDay() {
        Instant now = Instant.now();
        Instant midnight = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        vertx.setTimer(Math.max(1, Duration.between(now, midnight).toMillis() + 1000), id -> {
            publishAll();
            atNextDay();
        });
    }

    private void publishAll() {
        VertxContextSupport.subscribe(() -> metrics.counsellors().toMulti(), subscribe -> subscribe.with(
                this::changed,
                failure -> LOG.warnf("Cannot list counsellors to publish their views (%s)", failure.getMessage())));
    }

    /** The counsellor's figures changed and the change has committed. */
    public void changed(UUID counsellorId) {
        changed(List.of(counsellorId));
    }

    public synchronized void changed(Collection<UUID> counsellorIds) {
        dirty.addAll(counsellorIds);
        schedule();
    }

    /** Counsellors marked and not yet published (for tests and the rebuild's report). */
    public synchronized int pending() {
        return dirty.size() + (flushing ? 1 : 0);
    }

    private void schedule() {
        if (timerSet || flushing || dirty.isEmpty()) {
            return;
        }
        timerSet = true;
        long now = millis();
        long at = Math.max(lastFlush + config.coalesce().toMillis(), pausedUntil);
        // The flush subscribes on a fresh safe context of its own (VertxContextSupport), not from the event loop.
        vertx.setTimer(Math.max(1, at - now), id -> Infrastructure.getDefaultWorkerPool().execute(this::flush));
    }

    private void flush() {
        List<UUID> batch;
        synchronized (this) {
            timerSet = false;
            flushing = true;
            lastFlush = millis();
            batch = new ArrayList<>(Math.min(dirty.size(), MAX_FLUSH));
            Iterator<UUID> next = dirty.iterator();
            while (batch.size() < MAX_FLUSH && next.hasNext()) {
                batch.add(next.next());
                next.remove();
            }
        }
        flushViews.record(batch.size());
        Timer.Sample started = Timer.start();
        VertxContextSupport.subscribe(() -> publish(batch).replaceWith(List.<Failed>of())
                        .onFailure(failure -> batch.size() > 1 && !(failure instanceof NotSent)).recoverWithUni(() -> oneByOne(batch))
                        .onFailure().recoverWithItem(failure -> failedAll(batch, failure))
                        .invoke(() -> started.stop(flushes))
                        .toMulti(),
                subscribe -> subscribe.with(this::flushed, failure -> flushed(failedAll(batch, failure))));
    }

    /** One after the other on one context: a Hibernate Reactive session per context runs one statement at a time. */
    private Uni<List<Failed>> oneByOne(List<UUID> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(counsellor -> publish(List.of(counsellor))
                        .replaceWith(Optional.<Failed>empty())
                        .onFailure().recoverWithItem(failure -> Optional.of(new Failed(counsellor, failure))))
                .collect().asList()
                .map(results -> results.stream().flatMap(Optional::stream).toList());
    }

    private static List<Failed> failedAll(List<UUID> batch, Throwable failure) {
        return batch.stream().map(counsellor -> new Failed(counsellor, failure)).toList();
    }

    /** The broker did not take a record: publishing the views one by one would fail the same way. */
    private static final class NotSent extends RuntimeException {
        NotSent(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private record Failed(UUID counsellor, Throwable failure) {}

    private synchronized void flushed(List<Failed> failed) {
        flushing = false;
        if (!failed.isEmpty()) {
            // One line per flush, not per counsellor: with the broker down every view fails.
            LOG.warnf("%d view(s) not published yet, among them %s's (%s); retrying in %s", failed.size(),
                    failed.get(0).counsellor(), failed.get(0).failure().getMessage(), config.retryAfter());
            failures.increment(failed.size());
            failed.forEach(f -> dirty.add(f.counsellor()));
            pausedUntil = millis() + config.retryAfter().toMillis();
        }
        schedule();
    }

    /**
     * Computes and sends these counsellors' views; their locks are held until the broker
     * acknowledged every record (see the class comment). Then the views are stored for the list and
     * the export, in a transaction of its own: a consumer that marks a counsellor changed meanwhile
     * does not wait for the broker.
     */
    Uni<Void> publish(List<UUID> counsellors) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(LOCK, Long.class).setParameter("counsellors", RecordSet.ids(counsellors))
                        .getSingleResult())
                .chain(() -> metrics.compute(counsellors))
                .call(computed -> Uni.join().all(computed.stream().map(this::send).toList()).andFailFast())
                .invoke(computed -> published.increment(computed.size())))
                .chain(metrics::store);
    }

    private Uni<Void> send(MetricsService.Computed computed) {
        return broker.sendMessage(message(computed.metrics(), computed.row().json()))
                .ifNoItem().after(config.sendTimeout()).fail()
                .onFailure().transform(NotSent::new);
    }

    private Message<String> message(CounsellorMetrics view, String data) {
        return Message.of(data)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(TOPIC).withKey(view.counsellorId().toString()).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(UUID.randomUUID().toString())
                        .withType(TYPE)
                        .withSource(source)
                        .withSubject(view.counsellorId().toString())
                        .withDataContentType("application/json")
                        .withTimestamp(view.asOf().atZone(ZoneOffset.UTC))
                        .build());
    }

    private static long millis() {
        return System.nanoTime() / 1_000_000;
    }
}
