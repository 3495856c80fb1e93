package dev.rapport.platform.messaging;

import dev.rapport.platform.tracing.Traceparent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * How every consumer applies what one poll returned, so that no failure stops its channel and no
 * record blocks its partition for good:
 *
 * <ol>
 * <li>each record is read; an unreadable one ({@link IncomingEvent.PoisonEventException}) goes to
 *     the dead-letter topic at once;</li>
 * <li>the readable ones are applied in one transaction (the fast path);</li>
 * <li>if the database is unreachable (connection lost, backend terminated, failover), the same
 *     work is tried again with backoff for as long as it takes: the connector keeps polling with
 *     the partitions paused, so the consumer stays in its group;</li>
 * <li>if the batch fails for any other reason, each record is applied alone, in order, in a
 *     transaction of its own; a record that fails {@link ConsumptionConfig#maxAttempts()} times
 *     (deadlocks and timeouts count, an unreachable database does not) goes to the dead-letter
 *     topic and the records after it are applied.</li>
 * </ol>
 *
 * <p>A record is dead-lettered exactly once: a {@code dead_letter} row keyed by (consumer, topic,
 * partition, offset) is written in the transaction that waits for the broker's acknowledgement of
 * the dead letter, so a redelivered batch finds the row and does not send it again. (A crash
 * between the acknowledgement and the commit would send it twice; that window is a few
 * milliseconds and the dead-letter-offset header tells the two apart.)
 *
 * <p>Traces: each record is processed in a span of its own ({@code <topic> process}), a child of
 * the span its producer named in {@code ce_traceparent} ({@link Traceparent}), so that the
 * record's work joins the producer's trace. The consumer's {@code read} runs with the record's
 * span current: a consumer that applies a batch and knows which record an effect comes from keeps
 * {@code Context.current()} with its item and passes it on (an outbox row:
 * {@code Outbox.add(event, cause)}). A transaction that applies one record (a batch of one, or
 * the one-by-one fallback) runs in the record's span, so the outbox rows it writes carry the
 * record's trace on their own; a batch of several runs in a batch span linked to each record's.
 *
 * <p>The {@code @Incoming} method must NOT carry {@code @WithTransaction}: this class opens a
 * fresh session and transaction for every attempt (a failed transaction, or one whose connection
 * was terminated, cannot be reused).
 */
@ApplicationScoped
public class BatchConsumption {

    private static final Logger LOG = Logger.getLogger(BatchConsumption.class);
    private static final String REMEMBER = """
            INSERT INTO dead_letter (consumer, topic, kafka_partition, kafka_offset, reason)
            VALUES (:consumer, :topic, :partition, :offset, :reason)
            ON CONFLICT DO NOTHING
            """;

    private final Vertx vertx;
    private final DeadLetters deadLetters;
    private final ConsumptionConfig config;
    private final ConsumerMeters meters;
    private final Tracer tracer;

    public BatchConsumption(Vertx vertx, DeadLetters deadLetters, ConsumptionConfig config, ConsumerMeters meters, Tracer tracer) {
        this.vertx = vertx;
        this.tracer = tracer;
        this.deadLetters = deadLetters;
        this.config = config;
        this.meters = meters;
    }

    private record Item<T>(ConsumerRecord<String, String> record, T value, Span span) {}

    /**
     * @param consumer        the consumer's name (dead-letter rows and metrics are keyed by it)
     * @param deadLetterTopic where records go that cannot be read or applied
     * @param read            the record as the consumer's item; empty to skip it (not its business);
     *                        throws PoisonEventException when the record cannot be read
     * @param apply           the items' effect, inside the transaction this class opened; called
     *                        with the whole batch, or with one item after the batch failed
     * @return completes once every record is applied, skipped or dead-lettered (then the batch is
     *         acknowledged); fails only if the application stops
     */
    public <T> Uni<Void> consume(String consumer, String deadLetterTopic, ConsumerRecords<String, String> records,
                                 Function<ConsumerRecord<String, String>, Optional<T>> read, Function<List<T>, Uni<Void>> apply) {
        List<Item<T>> items = new ArrayList<>(records.count());
        List<DeadLetters.Poison> poison = new ArrayList<>();
        Map<ConsumerRecord<String, String>, Span> spans = new IdentityHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            Span span = processSpan(consumer, record);
            spans.put(record, span);
            try (Scope ignored = span.makeCurrent()) {
                read.apply(record).ifPresent(value -> items.add(new Item<>(record, value, span)));
            } catch (IncomingEvent.PoisonEventException e) {
                poison.add(new DeadLetters.Poison(record, e.getMessage()));
            }
        }
        Span batchSpan = items.size() > 1 ? batchSpan(consumer, items) : null;
        Consumption<T> consumption = new Consumption<>(consumer, deadLetterTopic, apply, spans, batchSpan);
        long started = System.nanoTime();
        return consumption.deadLetter(poison, 0)
                .chain(() -> items.isEmpty() ? Uni.createFrom().voidItem() : consumption.batch(items, 0, 0))
                .onTermination().invoke(() -> {
                    meters.batches(consumer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    meters.batchRecords(consumer).record(records.count());
                    spans.values().forEach(Span::end);
                    if (batchSpan != null) {
                        batchSpan.end();
                    }
                });
    }

    /**
     * A record's span, below the one its producer named. Its attributes say where the record was
     * and which event it is, never its key or data (a key may be a client's reference).
     */
    private Span processSpan(String consumer, ConsumerRecord<String, String> record) {
        SpanBuilder span = tracer.spanBuilder(record.topic() + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(Traceparent.of(record))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.consumer.group.name", consumer)
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset());
        Header id = record.headers().lastHeader("ce_id");
        if (id != null) {
            span.setAttribute("messaging.message.id", new String(id.value(), StandardCharsets.UTF_8));
        }
        return span.startSpan();
    }

    /** The transaction of a batch of several records: its own trace, linked to each record's. */
    private <T> Span batchSpan(String consumer, List<Item<T>> items) {
        SpanBuilder span = tracer.spanBuilder(consumer + " batch")
                .setNoParent()
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("messaging.batch.message_count", (long) items.size());
        items.forEach(item -> span.addLink(item.span().getSpanContext()));
        return span.startSpan();
    }

    /** One consumer's batch: what it needs to retry and dead-letter. */
    private final class Consumption<T> {
        private final String consumer;
        private final String deadLetterTopic;
        private final Function<List<T>, Uni<Void>> apply;
        private final Map<ConsumerRecord<String, String>, Span> spans;
        private final Span batchSpan;

        Consumption(String consumer, String deadLetterTopic, Function<List<T>, Uni<Void>> apply,
                    Map<ConsumerRecord<String, String>, Span> spans, Span batchSpan) {
            this.spans = spans;
            this.batchSpan = batchSpan;
            this.consumer = consumer;
            this.deadLetterTopic = deadLetterTopic;
            this.apply = apply;
            // Registered at start-up (ConsumerMeters); a consumer start-up did not know gets its
            // counters here, with its first batch.
            meters.register(consumer);
        }

        /** The fast path: the whole batch in one transaction. */
        Uni<Void> batch(List<Item<T>> items, int attempt, int contended) {
            Span span = items.size() == 1 ? items.get(0).span() : batchSpan;
            return inTransaction(span, () -> apply.apply(items.stream().map(Item::value).toList()))
                    .onFailure().recoverWithUni(failure -> {
                        Failures.Kind kind = Failures.classify(failure);
                        retried(kind);
                        if (kind == Failures.Kind.UNAVAILABLE || kind == Failures.Kind.CONTENTION && contended + 1 < config.maxAttempts()) {
                            Duration pause = backoff(attempt);
                            LOG.warnf("Consumer %s: a batch of %d failed (%s, %s); retrying in %d ms", consumer, items.size(),
                                    kind, Failures.reason(failure), pause.toMillis());
                            return pause(pause).chain(() -> batch(items, attempt + 1, kind == Failures.Kind.CONTENTION ? contended + 1 : contended));
                        }
                        LOG.warnf("Consumer %s: a batch of %d failed (%s, %s); applying its records one by one", consumer, items.size(),
                                kind, Failures.reason(failure));
                        return oneByOne(items, 0);
                    });
        }

        Uni<Void> oneByOne(List<Item<T>> items, int index) {
            if (index == items.size()) {
                return Uni.createFrom().voidItem();
            }
            return one(items.get(index), 0, 0).chain(() -> oneByOne(items, index + 1));
        }

        Uni<Void> one(Item<T> item, int attempt, int counted) {
            return inTransaction(item.span(), () -> apply.apply(List.of(item.value())))
                    .onFailure().recoverWithUni(failure -> {
                        Failures.Kind kind = Failures.classify(failure);
                        retried(kind);
                        int failures = kind == Failures.Kind.UNAVAILABLE ? counted : counted + 1;
                        if (failures >= config.maxAttempts()) {
                            String reason = "failed " + failures + " times: " + Failures.reason(failure);
                            return deadLetter(List.of(new DeadLetters.Poison(item.record(), reason)), 0);
                        }
                        Duration pause = backoff(attempt);
                        LOG.warnf("Consumer %s: %s failed (%s, %s), attempt %d; retrying in %d ms", consumer, where(item.record()),
                                kind, Failures.reason(failure), failures, pause.toMillis());
                        return pause(pause).chain(() -> one(item, attempt + 1, failures));
                    });
        }

        /**
         * Sends the records to the dead-letter topic unless this consumer already did: the
         * dead-letter rows and the wait for the broker in one transaction. Retried until it
         * succeeds: the record must not be lost, and a broker or database outage ends.
         */
        Uni<Void> deadLetter(List<DeadLetters.Poison> poison, int attempt) {
            if (poison.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return inTransaction(Span.getInvalid(), () -> Panache.getSession().chain(session -> {
                        List<DeadLetters.Poison> first = new ArrayList<>();
                        Uni<Void> remembered = Uni.createFrom().voidItem();
                        for (DeadLetters.Poison p : poison) {
                            ConsumerRecord<String, String> record = p.record();
                            remembered = remembered.chain(() -> session.createNativeQuery(REMEMBER)
                                    .setParameter("consumer", consumer)
                                    .setParameter("topic", record.topic())
                                    .setParameter("partition", record.partition())
                                    .setParameter("offset", record.offset())
                                    .setParameter("reason", truncate(p.reason()))
                                    .executeUpdate()
                                    .invoke(inserted -> {
                                        if (inserted > 0) {
                                            first.add(p);
                                        }
                                    })
                                    .replaceWithVoid());
                        }
                        return remembered.chain(() -> deadLetters.send(deadLetterTopic, first))
                                .invoke(() -> first.forEach(p -> {
                                    deadLettered();
                                    Span span = spans.get(p.record());
                                    if (span != null) {
                                        span.setStatus(StatusCode.ERROR, "sent to " + deadLetterTopic);
                                    }
                                    LOG.warnf("Consumer %s: %s sent to %s (%s)", consumer, where(p.record()), deadLetterTopic, p.reason());
                                }));
                    }))
                    .onFailure().recoverWithUni(failure -> {
                        Duration pause = backoff(attempt);
                        LOG.warnf("Consumer %s: dead-lettering %d record(s) failed (%s); retrying in %d ms", consumer, poison.size(),
                                Failures.reason(failure), pause.toMillis());
                        return pause(pause).chain(() -> deadLetter(poison, attempt + 1));
                    });
        }

        private void retried(Failures.Kind kind) {
            meters.retries(consumer, kind).increment();
        }

        private void deadLettered() {
            meters.deadLetters(consumer).increment();
        }
    }

    /**
     * Runs the work in a new transaction with a new session, on a new safe Vert.x sub-context (the
     * one Hibernate Reactive requires), whatever thread a retry resumes on, with {@code span}
     * current there (the sub-context serves this transaction alone, so the span stays current
     * until it is dropped).
     */
    private <R> Uni<R> inTransaction(Span span, Supplier<Uni<R>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                io.opentelemetry.context.Context.root().with(span).makeCurrent();
                Panache.withTransaction(work).subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }

    Duration backoff(int attempt) {
        long millis = config.initialBackoff().toMillis() << Math.min(attempt, 16);
        return Duration.ofMillis(Math.min(millis, config.maxBackoff().toMillis()));
    }

    private static Uni<Void> pause(Duration pause) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(pause);
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String truncate(String reason) {
        String text = String.valueOf(reason);
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}
