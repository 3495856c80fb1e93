package dev.rapport.platform.outbox;

import dev.rapport.platform.messaging.Failures;
import dev.rapport.platform.tracing.Traceparent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadataBuilder;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka as binary-mode CloudEvents and marks them published.
 *
 * <p>Passes every {@link OutboxConfig#pollInterval()} (an idle pass: one look at the partial index
 * of unpublished rows), and after a pass that published rows passes again at once, until one
 * finds none. It is not woken by NOTIFY: a transaction that NOTIFYs holds a lock of the whole
 * PostgreSQL cluster from its commit's start to its end, WAL flush included, so every outbox
 * write of every service would commit one after the other (docs/benchmarks.md, 2026-12-05,
 * noon). Each batch is one transaction: claim rows, send them, wait for the broker's
 * acknowledgements ({@code acks=all}, idempotent producer), mark them published, commit. A
 * failed batch rolls back and is retried with back-off, so an outage delays events but loses
 * none; a crash between acknowledgement and commit republishes a batch, which the consumers'
 * de-duplication on {@code ce_id} absorbs.
 *
 * <p>Safe with several instances: a claim takes the rows with {@code FOR UPDATE SKIP LOCKED}
 * and, per record key, a transaction-scoped advisory lock. One counsellor's pending rows are
 * therefore only ever in one instance's batch, which sends them in {@code seq} order, so
 * per-counsellor order holds across instances.
 *
 * <p>A row the broker refuses for a reason of its own (too large, not authorised) is counted and,
 * after {@link OutboxConfig#maxAttempts()} attempts, set aside: kept with its reason, left out of
 * the scans, counted by the gauge {@code rapport.outbox.set.aside}, listed and re-sendable by an
 * admin ({@link OutboxAdminResource}). The rows of the same batch that the broker took are marked
 * published, so the rows behind it keep flowing (a row set aside loses its place in its key's
 * order; it is re-sent after the rows that passed it). Every query has a statement timeout, and
 * {@link OutboxRelayReadiness} reports a relay whose passes stopped ending.
 *
 * <p>Each send is a span ({@code <topic> publish}) in the trace the row was written in, and the
 * record carries that span as {@code ce_traceparent} ({@link Traceparent}): the consumers' spans
 * are its children.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int ADVISORY_LOCK_CLASS = 0x0b0c;

    static final String CLAIM = """
            SELECT id, topic, record_key, event_type, subject, payload, occurred_at, created_at, traceparent
              FROM outbox_event
             WHERE published_at IS NULL
               AND set_aside_at IS NULL
               AND pg_try_advisory_xact_lock(%d, hashtext(record_key))
             ORDER BY seq
             LIMIT $1
               FOR UPDATE SKIP LOCKED
            """.formatted(ADVISORY_LOCK_CLASS);
    static final String MARK_PUBLISHED = "UPDATE outbox_event SET published_at = now() WHERE id = ANY($1)";
    static final String REFUSED = """
            UPDATE outbox_event
               SET attempts = attempts + 1, last_error = $2,
                   set_aside_at = CASE WHEN attempts + 1 >= $3 THEN now() END
             WHERE id = $1
            RETURNING set_aside_at IS NOT NULL""";
    static final String BACKLOG = """
            SELECT count(*) FILTER (WHERE set_aside_at IS NULL), count(*) FILTER (WHERE set_aside_at IS NOT NULL),
                   min(created_at) FILTER (WHERE set_aside_at IS NULL)
              FROM outbox_event WHERE published_at IS NULL""";
    static final String SET_ASIDE = """
            SELECT id, topic, event_type, subject, attempts, last_error, created_at, set_aside_at
              FROM outbox_event WHERE set_aside_at IS NOT NULL AND published_at IS NULL
             ORDER BY set_aside_at LIMIT 1000""";
    static final String RESEND = """
            UPDATE outbox_event SET set_aside_at = NULL, attempts = 0, last_error = NULL
             WHERE id = $1 AND set_aside_at IS NOT NULL AND published_at IS NULL""";
    static final String PURGE = "DELETE FROM outbox_event WHERE published_at < $1";

    private final Pool pool;
    private final Vertx vertx;
    private final MutinyEmitter<String> broker;
    private final OutboxConfig config;
    private final Tracer tracer;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong setAside = new AtomicLong();
    /** created_at of the oldest row waiting to be published (set-aside rows excluded), as last measured; null: none. */
    private final AtomicReference<Instant> oldestUnpublished = new AtomicReference<>();
    /** When the last pass ended, whatever its outcome; read by {@link OutboxRelayReadiness}. */
    private volatile Instant lastPassEnded = Instant.now();
    private volatile String lastFailure;
    /** Why the last batch left rows unsent (refused, or the broker unreachable): the next pass waits for the backoff. */
    private volatile String notSent;
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile Duration backoff = Duration.ZERO;
    private volatile Long poller;

    private final Timer commitToPublish;
    private final Counter published;
    private final Counter failures;

    public OutboxRelay(Pool pool, Vertx vertx,
                       @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> broker,
                       OutboxConfig config, MeterRegistry registry, Tracer tracer) {
        this.pool = pool;
        this.tracer = tracer;
        this.vertx = vertx;
        this.broker = broker;
        this.config = config;
        this.commitToPublish = Timer.builder("rapport.outbox.commit.to.publish")
                .description("Time from an outbox row's commit to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .register(registry);
        this.published = Counter.builder("rapport.outbox.published").description("Outbox events published").register(registry);
        this.failures = Counter.builder("rapport.outbox.publish.failures").description("Outbox batches that failed to publish").register(registry);
        registry.gauge("rapport.outbox.backlog", backlog);
        registry.gauge("rapport.outbox.set.aside", setAside);
        // The alert on a stuck relay: how long the oldest row has waited, at the time of the scrape.
        Gauge.builder("rapport.outbox.backlog.age", this, OutboxRelay::backlogAgeSeconds)
                .description("Age of the oldest outbox row not yet published (set-aside rows excluded; 0: none)")
                .baseUnit("seconds").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        poller = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
        wake();
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            vertx.cancelTimer(poller);
        }
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> measureBacklog() {
        return timed(c -> c.query(BACKLOG).execute())
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    backlog.set(row.getLong(0));
                    setAside.set(row.getLong(1));
                    OffsetDateTime oldest = row.getOffsetDateTime(2);
                    oldestUnpublished.set(oldest == null ? null : oldest.toInstant());
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "${rapport.outbox.purge-interval:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> purge() {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention());
        return timed(c -> c.preparedQuery(PURGE).execute(Tuple.of(before)))
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

    /** When the last pass ended (rows published, none found, or failed), and why the last failed one did. */
    public Instant lastPassEnded() {
        return lastPassEnded;
    }

    public String lastFailure() {
        return lastFailure;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The rows set aside, oldest first (at most 1000). */
    public Uni<List<SetAsideEvent>> setAside() {
        return timed(c -> c.query(SET_ASIDE).execute()).map(rows -> {
            List<SetAsideEvent> events = new ArrayList<>();
            for (Row row : rows) {
                events.add(new SetAsideEvent(row.getUUID("id"), row.getString("topic"), row.getString("event_type"),
                        row.getString("subject"), row.getInteger("attempts"), row.getString("last_error"),
                        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("set_aside_at").toInstant()));
            }
            return events;
        });
    }

    /** Puts a row set aside back in the relay's scans with its attempts reset; false when no such row is set aside. */
    public Uni<Boolean> resend(UUID id) {
        return timed(c -> c.preparedQuery(RESEND).execute(Tuple.of(id)))
                .map(rows -> rows.rowCount() == 1)
                .invoke(resent -> {
                    if (resent) {
                        LOG.infof("Outbox row %s re-sent by an admin", id);
                        wake();
                    }
                });
    }

    /** A row the relay set aside, as an admin sees it (never its payload: it may hold health data). */
    public record SetAsideEvent(UUID id, String topic, String eventType, String subject, int attempts, String reason,
                                Instant createdAt, Instant setAsideAt) {}

    /** Seconds since the oldest row not yet published was written (0 when none waits), as last measured. */
    public double backlogAgeSeconds() {
        Instant oldest = oldestUnpublished.get();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    /** Number of rows not yet published, as last measured. */
    public long backlog() {
        return backlog.get();
    }

    private void drain() {
        wakeAgain.set(false);
        publishBatch()
                .ifNoItem().after(passTimeout()).failWith(() -> new IllegalStateException("a pass did not end within " + passTimeout()))
                .subscribe().with(
                count -> {
                    lastPassEnded = Instant.now();
                    if (notSent != null) {
                        String why = notSent;
                        notSent = null;
                        lastFailure = why;
                        pauseAfterFailure(why);
                        return;
                    }
                    backoff = Duration.ZERO;
                    if (count > 0 || wakeAgain.get()) {
                        drain();
                    } else {
                        draining.set(false);
                        if (wakeAgain.get()) {
                            wake();
                        }
                    }
                },
                failure -> {
                    lastPassEnded = Instant.now();
                    failures.increment();
                    lastFailure = Failures.reason(failure);
                    pauseAfterFailure(failure.getMessage());
                });
    }

    private void pauseAfterFailure(String why) {
        backoff = backoff.isZero() ? Duration.ofMillis(250) : min(backoff.multipliedBy(2), config.maxBackoff());
        pausedUntil = Instant.now().plus(backoff);
        LOG.warnf("Outbox publish failed (%s); retrying in %d ms", why, backoff.toMillis());
        draining.set(false);
        vertx.setTimer(backoff.toMillis(), id -> wake());
    }

    /** The longest a pass can take when its statements and its sends time out: past it, the pass is abandoned. */
    private Duration passTimeout() {
        return config.statementTimeout().multipliedBy(3).plus(config.sendTimeout());
    }

    /**
     * One transaction: claim, send, await acknowledgements, mark published. Public so that a
     * test can run it beside the normal wake-ups, as another instance's relay would.
     */
    public Uni<Integer> publishBatch() {
        return timed(connection -> connection.preparedQuery(CLAIM).execute(Tuple.of(config.batchSize()))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : send(connection, rows)));
    }

    /** The work in one transaction whose every statement is cancelled after the statement timeout. */
    private <T> Uni<T> timed(java.util.function.Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(connection -> connection.query("SET LOCAL statement_timeout = " + config.statementTimeout().toMillis())
                .execute().chain(() -> work.apply(connection)));
    }

    /** A row's send: null when the broker acknowledged it, else why not. */
    private record Sent(UUID id, Instant committed, Throwable failure) {}

    /**
     * Sends the claimed rows and waits for every answer. The rows of one key go one after the
     * other, each once the one before it is acknowledged, so that a row that fails is never
     * overtaken by the rows behind it: they stay unsent for the next pass (keys go side by side).
     * The acknowledged rows are marked published. If the broker could not be reached, nothing is
     * counted against the failed rows (an outage is no fault of theirs); otherwise each refused
     * row is counted, and set aside once it has used up its attempts.
     */
    private Uni<Integer> send(SqlConnection connection, RowSet<Row> rows) {
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (Row row : rows) {
            byKey.computeIfAbsent(String.valueOf(row.getString("record_key")), key -> new ArrayList<>()).add(row);
        }
        List<Uni<List<Sent>>> keys = byKey.values().stream().map(this::sendInOrder).toList();
        return Uni.join().all(keys).andFailFast()
                .ifNoItem().after(config.sendTimeout()).failWith(() -> new IllegalStateException("broker did not acknowledge within " + config.sendTimeout()))
                .chain(perKey -> {
                    List<Sent> results = perKey.stream().flatMap(List::stream).toList();
                    List<Sent> failed = results.stream().filter(sent -> sent.failure() != null).toList();
                    Sent unreachable = failed.stream()
                            .filter(sent -> Failures.classify(sent.failure()) == Failures.Kind.UNAVAILABLE).findFirst().orElse(null);
                    List<Sent> acknowledged = results.stream().filter(sent -> sent.failure() == null).toList();
                    if (!failed.isEmpty()) {
                        notSent = unreachable != null ? "broker unreachable: " + Failures.reason(unreachable.failure()) : "the broker refused rows";
                    }
                    return markPublished(connection, acknowledged)
                            .chain(() -> unreachable != null ? Uni.createFrom().voidItem() : countRefused(connection, failed))
                            .replaceWith(rows.size());
                });
    }

    /** One key's rows in order; the first failure ends the chain (the rest are not sent). */
    private Uni<List<Sent>> sendInOrder(List<Row> rows) {
        Uni<List<Sent>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Row row : rows) {
            chain = chain.chain(sent -> !sent.isEmpty() && sent.get(sent.size() - 1).failure() != null
                    ? Uni.createFrom().item(sent)
                    : sendOne(row).map(one -> {
                        sent.add(one);
                        return sent;
                    }));
        }
        return chain;
    }

    private Uni<Sent> sendOne(Row row) {
        UUID id = row.getUUID("id");
        Instant committed = row.getOffsetDateTime("created_at").toInstant();
        Span span = publishSpan(row);
        return broker.sendMessage(toMessage(row, Context.root().with(span)))
                .map(ignored -> new Sent(id, committed, null))
                .onFailure().recoverWithItem(failure -> {
                    span.setStatus(StatusCode.ERROR, Failures.reason(failure));
                    return new Sent(id, committed, failure);
                })
                .onTermination().invoke(span::end);
    }

    /**
     * The send's span, a child of the span the row was written in (a root when it was written
     * untraced). Its attributes name the topic, the event's id and type, never its key or data.
     */
    private Span publishSpan(Row row) {
        String topic = row.getString("topic");
        return tracer.spanBuilder(topic + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(Traceparent.parse(row.getString("traceparent"), Context.root()))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "publish")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", row.getUUID("id").toString())
                .setAttribute("cloudevents.event_type", row.getString("event_type"))
                .startSpan();
    }

    private Uni<Void> markPublished(SqlConnection connection, List<Sent> acknowledged) {
        if (acknowledged.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(acknowledged.stream().map(Sent::id).toArray(UUID[]::new)))
                .invoke(() -> {
                    Instant now = Instant.now();
                    acknowledged.forEach(sent -> commitToPublish.record(Duration.between(sent.committed(), now)));
                    published.increment(acknowledged.size());
                })
                .replaceWithVoid();
    }

    private Uni<Void> countRefused(SqlConnection connection, List<Sent> refusedRows) {
        if (refusedRows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> counts = refusedRows.stream()
                .map(sent -> Tuple.of(sent.id(), Failures.reason(sent.failure()), config.maxAttempts()))
                .toList();
        return connection.preparedQuery(REFUSED).executeBatch(counts)
                .invoke(result -> {
                    int i = 0;
                    for (RowSet<Row> rows = result; rows != null; rows = rows.next(), i++) {
                        Sent sent = refusedRows.get(i);
                        boolean setAsideNow = rows.iterator().next().getBoolean(0);
                        if (setAsideNow) {
                            setAside.incrementAndGet();
                            LOG.errorf("Outbox row %s set aside: the broker refused it %d times (%s)", sent.id(),
                                    config.maxAttempts(), Failures.reason(sent.failure()));
                        } else {
                            LOG.warnf("Outbox row %s refused by the broker (%s)", sent.id(), Failures.reason(sent.failure()));
                        }
                    }
                })
                .replaceWithVoid();
    }

    private Message<String> toMessage(Row row, Context trace) {
        OutgoingCloudEventMetadataBuilder<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(row.getUUID("id").toString())
                .withType(row.getString("event_type"))
                .withSource(URI.create(config.source()))
                .withSubject(row.getString("subject"))
                .withDataContentType("application/json")
                .withTimestamp(row.getOffsetDateTime("occurred_at").toZonedDateTime());
        String traceparent = Traceparent.of(trace);
        if (traceparent != null) {
            cloudEvent.withExtension(Traceparent.EXTENSION, traceparent);
        }
        return Message.of(row.getString("payload"))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.getString("topic"))
                        .withKey(row.getString("record_key"))
                        .build())
                .addMetadata(cloudEvent.build());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
