package dev.rapport.platform.outbox;

import dev.rapport.platform.persistence.Notifications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka as binary-mode CloudEvents and marks them published.
 *
 * <p>Woken by PostgreSQL NOTIFY when a transaction that wrote outbox rows commits, with a slow
 * poll as fallback. Each batch is one transaction: claim rows, send them, wait for the broker's
 * acknowledgements ({@code acks=all}, idempotent producer), mark them published, commit. A
 * failed batch rolls back and is retried with back-off, so an outage delays events but loses
 * none; a crash between acknowledgement and commit republishes a batch, which the consumers'
 * de-duplication on {@code ce_id} absorbs.
 *
 * <p>Safe with several instances: a claim takes the rows with {@code FOR UPDATE SKIP LOCKED}
 * and, per record key, a transaction-scoped advisory lock. One counsellor's pending rows are
 * therefore only ever in one instance's batch, which sends them in {@code seq} order, so
 * per-counsellor order holds across instances.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int ADVISORY_LOCK_CLASS = 0x0b0c;

    static final String CLAIM = """
            SELECT id, topic, record_key, event_type, subject, payload, occurred_at, created_at
              FROM outbox_event
             WHERE published_at IS NULL
               AND pg_try_advisory_xact_lock(%d, hashtext(record_key))
             ORDER BY seq
             LIMIT $1
               FOR UPDATE SKIP LOCKED
            """.formatted(ADVISORY_LOCK_CLASS);
    static final String MARK_PUBLISHED = "UPDATE outbox_event SET published_at = now() WHERE id = ANY($1)";
    static final String BACKLOG = "SELECT count(*) FROM outbox_event WHERE published_at IS NULL";
    static final String PURGE = "DELETE FROM outbox_event WHERE published_at < $1";

    private final Pool pool;
    private final Vertx vertx;
    private final MutinyEmitter<String> broker;
    private final OutboxConfig config;
    private final Notifications notifications;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    private final AtomicLong backlog = new AtomicLong();
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile Duration backoff = Duration.ZERO;
    private volatile PgSubscriber subscriber;

    private final Timer commitToPublish;
    private final Counter published;
    private final Counter failures;

    public OutboxRelay(Pool pool, Vertx vertx,
                       @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> broker,
                       OutboxConfig config, MeterRegistry registry, Notifications notifications) {
        this.pool = pool;
        this.vertx = vertx;
        this.broker = broker;
        this.config = config;
        this.notifications = notifications;
        this.commitToPublish = Timer.builder("rapport.outbox.commit.to.publish")
                .description("Time from an outbox row's commit to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .register(registry);
        this.published = Counter.builder("rapport.outbox.published").description("Outbox events published").register(registry);
        this.failures = Counter.builder("rapport.outbox.publish.failures").description("Outbox batches that failed to publish").register(registry);
        registry.gauge("rapport.outbox.backlog", backlog);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        subscriber = notifications.subscriber();
        subscriber.channel("outbox_event").handler(notification -> wake());
        subscriber.connect().subscribe().with(
                connected -> wake(),
                failure -> LOG.warnf("Outbox relay cannot LISTEN (%s); falling back to polling", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    @Scheduled(every = "${rapport.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> measureBacklog() {
        return pool.query(BACKLOG).execute()
                .invoke(rows -> backlog.set(rows.iterator().next().getLong(0)))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "${rapport.outbox.purge-interval:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> purge() {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention());
        return pool.preparedQuery(PURGE).execute(Tuple.of(before))
                .invoke(rows -> LOG.debugf("Purged %d published outbox rows", rows.rowCount()))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** Publishes what is pending now; concurrent wake-ups collapse into one more pass. */
    public void wake() {
        if (!config.enabled() || Instant.now().isBefore(pausedUntil)) {
            return;
        }
        wakeAgain.set(true);
        if (draining.compareAndSet(false, true)) {
            drain();
        }
    }

    /** Number of rows not yet published, as last measured. */
    public long backlog() {
        return backlog.get();
    }

    private void drain() {
        wakeAgain.set(false);
        publishBatch().subscribe().with(
                count -> {
                    backoff = Duration.ZERO;
                    if (count == config.batchSize() || wakeAgain.get()) {
                        drain();
                    } else {
                        draining.set(false);
                        if (wakeAgain.get()) {
                            wake();
                        }
                    }
                },
                failure -> {
                    failures.increment();
                    backoff = backoff.isZero() ? Duration.ofMillis(250) : min(backoff.multipliedBy(2), config.maxBackoff());
                    pausedUntil = Instant.now().plus(backoff);
                    LOG.warnf("Outbox publish failed (%s); retrying in %d ms", failure.getMessage(), backoff.toMillis());
                    draining.set(false);
                    vertx.setTimer(backoff.toMillis(), id -> wake());
                });
    }

    /**
     * One transaction: claim, send, await acknowledgements, mark published. Public so that a
     * test can run it beside the normal wake-ups, as another instance's relay would.
     */
    public Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM).execute(Tuple.of(config.batchSize()))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : send(connection, rows)));
    }

    private Uni<Integer> send(SqlConnection connection, RowSet<Row> rows) {
        List<Uni<Void>> sends = new ArrayList<>(rows.size());
        List<UUID> ids = new ArrayList<>(rows.size());
        List<Instant> committed = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ids.add(row.getUUID("id"));
            committed.add(row.getOffsetDateTime("created_at").toInstant());
            sends.add(broker.sendMessage(toMessage(row)));
        }
        return Uni.join().all(sends).andFailFast()
                .ifNoItem().after(config.sendTimeout()).failWith(() -> new IllegalStateException("broker did not acknowledge within " + config.sendTimeout()))
                .chain(() -> connection.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(ids.toArray(UUID[]::new))))
                .invoke(() -> {
                    Instant now = Instant.now();
                    committed.forEach(at -> commitToPublish.record(Duration.between(at, now)));
                    published.increment(ids.size());
                })
                .replaceWith(ids.size());
    }

    private Message<String> toMessage(Row row) {
        return Message.of(row.getString("payload"))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.getString("topic"))
                        .withKey(row.getString("record_key"))
                        .build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(row.getUUID("id").toString())
                        .withType(row.getString("event_type"))
                        .withSource(URI.create(config.source()))
                        .withSubject(row.getString("subject"))
                        .withDataContentType("application/json")
                        .withTimestamp(row.getOffsetDateTime("occurred_at").toZonedDateTime())
                        .build());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
