package dev.rapport.analytics.rebuild;

import dev.rapport.analytics.config.RebuildConfig;
import dev.rapport.analytics.messaging.AllianceMetricsPublisher;
import dev.rapport.analytics.messaging.FeedbackEventsConsumer;
import dev.rapport.analytics.messaging.TopicHistory;
import dev.rapport.analytics.persistence.AdvisoryLocks;
import dev.rapport.analytics.persistence.CounsellorViewRows;
import dev.rapport.analytics.persistence.RebuildGate;
import dev.rapport.analytics.service.ClientErasure;
import dev.rapport.analytics.service.ErasedClients;
import dev.rapport.analytics.service.FeedbackRecorder;
import dev.rapport.analytics.service.MetricsService;
import dev.rapport.analytics.service.SessionRecorder;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.KafkaClients;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Recomputes the whole analytics state from the beginning of session-events and feedback-events
 * into shadow tables, then switches over, while the live consumers keep running.
 *
 * <ol>
 * <li>One rebuild at a time across instances: a session-scoped advisory lock on a connection the
 * rebuild keeps to its end (a second request is a 409).
 * <li>A plain consumer (no group) reads both topics from their beginning up to the end offsets
 * captured at the start, a batch per transaction, through the live consumers' recorders into the
 * schema {@value ShadowTables#SCHEMA} (the transaction's search path puts it first). Alerts are
 * held back in the shadow, not put in the outbox. Then it catches up with what arrived meanwhile
 * until at most {@code tail-at-switch-over} records are left.
 * <li>Switch-over: the rebuild closes the {@link RebuildGate} (live consumer transactions in
 * flight finish, new ones wait), captures the end offsets again and reads the tail up to them:
 * every event a live transaction has committed lies below them, so the shadow now holds every
 * event the live tables hold, and possibly later ones no live consumer has processed yet. In one
 * transaction it applies the tail, puts into the outbox the held-back alerts of events that no
 * live consumer has processed (the others raised theirs already), and replaces each live table by
 * its shadow (see {@link ShadowTables#switchOver}). Then it opens the gate.
 * <li>After the switch, the live consumers carry on from their own offsets: an event the rebuild
 * already applied is recognised by the recorders' natural keys (session id and status rank,
 * feedback id) and changes nothing, and raises no second alert. Every counsellor's view is then
 * published again.
 * </ol>
 * A failure at any step before the switch-over's commit leaves the live tables as they were.
 *
 * <p>Safety alerts (safety_alert, from the topic alerts) are not rebuilt: they are feedback-service's
 * alerts as it announced them, not figures analytics derives from session-events and
 * feedback-events, so there is nothing to recompute; and the topic alerts keeps two weeks, so a
 * replay would lose every older alert, also unresolved ones. The rebuilt session facts decide
 * again which counsellors see each alert (it follows the client), at every read.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);
    private static final String TRY_RUN_LOCK = "SELECT pg_try_advisory_lock(" + AdvisoryLocks.REBUILD_RUN.arguments() + ")";
    private static final String RUN_UNLOCK = "SELECT pg_advisory_unlock(" + AdvisoryLocks.REBUILD_RUN.arguments() + ")";
    private static final int SWITCH_OVER_ATTEMPTS = 3;

    private final Pool pool;
    private final ShadowTables shadow;
    private final RebuildRuns runs;
    private final SessionRecorder sessions;
    private final FeedbackRecorder feedback;
    private final MetricsService metrics;
    private final AllianceMetricsPublisher publisher;
    private final RebuildConfig config;
    private final KafkaClients kafka;
    private final String sessionTopic;
    private final String feedbackTopic;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ErasedClients erased;
    private final ClientErasure erasure;
    private final CounsellorViewRows views;

    public Rebuild(Pool pool, ShadowTables shadow, RebuildRuns runs, SessionRecorder sessions, FeedbackRecorder feedback,
                   MetricsService metrics, AllianceMetricsPublisher publisher, RebuildConfig config,
                   ErasedClients erased, ClientErasure erasure, CounsellorViewRows views,
                   KafkaClients kafka,
                   @ConfigProperty(name = "mp.messaging.incoming.session-events.topic") String sessionTopic,
                   @ConfigProperty(name = "mp.messaging.incoming.feedback-events.topic") String feedbackTopic) {
        this.pool = pool;
        this.shadow = shadow;
        this.runs = runs;
        this.sessions = sessions;
        this.feedback = feedback;
        this.metrics = metrics;
        this.publisher = publisher;
        this.config = config;
        this.kafka = kafka;
        this.sessionTopic = sessionTopic;
        this.feedbackTopic = feedbackTopic;
        this.erased = erased;
        this.erasure = erasure;
        this.views = views;
    }

    /**
     * Starts a rebuild in the background; 409 while one runs here or in another instance, and
     * 409 when a topic's log no longer starts at offset 0 (the rebuilt state would miss history).
     */
    public Uni<RebuildStatus> start(UUID requestedBy) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(running());
        }
        return Uni.createFrom().item(this::truncated).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(truncated -> truncated.isEmpty() ? lockAndLaunch(requestedBy) : Uni.createFrom().failure(truncatedLog(truncated)))
                .onFailure().invoke(() -> running.set(false));
    }

    private Map<TopicPartition, Long> truncated() {
        try (TopicHistory history = new TopicHistory(kafka, "analytics-service-rebuild", List.of(sessionTopic, feedbackTopic), 1)) {
            return history.truncated();
        }
    }

    private static ProblemException truncatedLog(Map<TopicPartition, Long> truncated) {
        StringBuilder where = new StringBuilder();
        truncated.forEach((partition, first) -> where.append(where.isEmpty() ? "" : ", ")
                .append(partition.topic()).append(" partition ").append(partition.partition()).append(" starts at offset ").append(first));
        return ProblemException.conflict("The event log is incomplete (" + where + "): the records before were deleted, so a "
                + "rebuild would replace the current state with one missing that history. Restore the topics from a backup first.");
    }

    private Uni<RebuildStatus> lockAndLaunch(UUID requestedBy) {
        return pool.getConnection()
                .chain(connection -> connection.query(TRY_RUN_LOCK).execute()
                        .map(rows -> rows.iterator().next().getBoolean(0))
                        .chain(locked -> locked
                                ? runs.start(connection, requestedBy).invoke(run -> launch(run, connection))
                                : Uni.createFrom().failure(running()))
                        .onFailure().call(() -> connection.close()));
    }

    public Uni<RebuildStatus> status(UUID id) {
        return runs.find(id);
    }

    private static ProblemException running() {
        return ProblemException.conflict("A rebuild is running; follow it at its status resource");
    }

    private void launch(RebuildStatus run, SqlConnection connection) {
        Thread thread = new Thread(() -> run(run, connection), "analytics-rebuild");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(RebuildStatus run, SqlConnection connection) {
        long started = System.nanoTime();
        LongAdder events = new LongAdder();
        LongAdder unreadable = new LongAdder();
        try (TopicHistory history = new TopicHistory(kafka, "analytics-service-rebuild", List.of(sessionTopic, feedbackTopic), config.batchSize())) {
            erased.ready().await().atMost(Duration.ofMinutes(1));
            Set<String> erasedAtStart = erased.snapshot();
            String live = shadow.liveSchema().await().indefinitely();
            shadow.prepare(live).await().indefinitely();
            int[] batches = {0};
            TopicHistory.Batch apply = batch -> {
                apply(batch, live, unreadable);
                events.add(batch.size());
                if (++batches[0] % 10 == 0) {
                    runs.progress(run.id(), events.sum(), unreadable.sum()).await().indefinitely();
                }
            };
            history.readUntil(history.ends(), apply);
            for (int round = 0; round < config.catchUpRounds(); round++) {
                var ends = history.ends();
                if (history.behind(ends) <= config.tailAtSwitchOver()) {
                    break;
                }
                history.readUntil(ends, apply);
            }
            shadow.analyze().await().indefinitely();
            List<String> switchOver = shadow.switchOver(live).await().indefinitely();

            connection.query(RebuildGate.CLOSE).execute().await().indefinitely();
            try {
                List<ConsumerRecord<String, String>> tail = new ArrayList<>();
                history.readUntil(history.ends(), tail::addAll);
                switchOver(tail, live, switchOver, unreadable, erasedAtStart);
                events.add(tail.size());
            } finally {
                connection.query(RebuildGate.OPEN).execute().await().indefinitely();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            runs.finish(run.id(), RebuildStatus.SWITCHED, events.sum(), unreadable.sum(), events.sum() / seconds, null).await().indefinitely();
            LOG.infof("Rebuild %s switched over: %d events (%d unreadable) in %.1f s, %.0f events/s",
                    run.id(), events.sum(), unreadable.sum(), seconds, events.sum() / seconds);
            // Every stored view may differ from the rebuilt figures: the list refreshes them, the publisher republishes.
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(views::touchAll));
            publisher.changed(VertxContextSupport.subscribeAndAwait(metrics::counsellors));
        } catch (Throwable failure) {
            LOG.errorf(failure, "Rebuild %s failed; the live tables are unchanged", run.id());
            try {
                shadow.discard().await().indefinitely();
                runs.finish(run.id(), RebuildStatus.FAILED, events.sum(), unreadable.sum(), Double.NaN,
                        abbreviate(failure.getClass().getSimpleName() + ": " + failure.getMessage())).await().indefinitely();
            } catch (RuntimeException e) {
                LOG.warnf("Rebuild %s: could not record the failure (%s)", run.id(), e.getMessage());
            }
        } finally {
            connection.query(RUN_UNLOCK).execute().onItemOrFailure().transformToUni((rows, failure) -> connection.close())
                    .await().indefinitely();
            running.set(false);
        }
    }

    /** One batch into the shadow tables, in one transaction. */
    void apply(List<ConsumerRecord<String, String>> batch, String live, LongAdder unreadable) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> shadow.use(live).chain(() -> replay(batch, unreadable))));
    }

    /**
     * The tail, then the clients erased since the rebuild started (their events replayed before
     * the erasure are in the shadow: see {@link ClientErasure#eraseRows}), then the switch.
     */
    private void switchOver(List<ConsumerRecord<String, String>> tail, String live, List<String> statements, LongAdder unreadable,
                            Set<String> erasedAtStart) throws Throwable {
        for (int attempt = 1; ; attempt++) {
            LongAdder tailUnreadable = new LongAdder();
            Set<String> erasedSince = new HashSet<>(erased.snapshot());
            erasedSince.removeAll(erasedAtStart);
            try {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> shadow.use(live)
                        .chain(() -> replay(tail, tailUnreadable))
                        .chain(() -> erase(erasedSince))
                        .chain(() -> execute(statements))));
                unreadable.add(tailUnreadable.sum());
                return;
            } catch (Throwable e) {
                // A reader that locked the tables in another order can make the switch-over the deadlock's victim.
                if (attempt == SWITCH_OVER_ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("Rebuild switch-over attempt %d failed (%s); retrying", attempt, e.getMessage());
            }
        }
    }

    private Uni<Void> erase(Set<String> clientRefs) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String ref : clientRefs) {
            chain = chain.chain(() -> erasure.eraseRows(ref)).chain(() -> shadow.forgetHeldBack(ref));
        }
        return chain;
    }

    private static Uni<Void> execute(List<String> statements) {
        return Panache.getSession().chain(session -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String statement : statements) {
                chain = chain.chain(() -> session.createNativeQuery(statement).executeUpdate()).replaceWithVoid();
            }
            return chain;
        });
    }

    /**
     * The live consumers' effect of a batch of records from both topics, into the shadow: the
     * session events first, then the forms (the recorders tolerate either order); an unreadable
     * record (dead-lettered live) is skipped.
     */
    private Uni<Void> replay(List<ConsumerRecord<String, String>> records, LongAdder unreadable) {
        List<SessionRecorder.Delivery> sessionEvents = new ArrayList<>();
        List<FeedbackRecorder.Delivery> forms = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                if (record.topic().equals(sessionTopic)) {
                    sessionEvents.add(SessionRecorder.Delivery.read(record));
                } else {
                    forms.add(FeedbackRecorder.Delivery.read(record));
                }
            } catch (IncomingEvent.PoisonEventException e) {
                unreadable.increment();
            }
        }
        return sessions.replay(sessionEvents)
                .chain(() -> feedback.replay(forms, (delivery, type, alert) ->
                        shadow.holdBack(FeedbackEventsConsumer.CONSUMER, delivery.eventId(), type, alert)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
