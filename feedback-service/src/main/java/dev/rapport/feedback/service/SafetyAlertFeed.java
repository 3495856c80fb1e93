package dev.rapport.feedback.service;

import dev.rapport.feedback.config.FeedbackConfig;
import dev.rapport.feedback.domain.SafetyAlertStatus;
import dev.rapport.feedback.domain.SafetyOutcome;
import dev.rapport.feedback.persistence.SafetyAlertRecord;
import dev.rapport.platform.api.Problem;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.persistence.Notifications;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Every change of a safety alert, made by any instance, as a hot stream for this instance's
 * safety streams. The table's trigger NOTIFYs the alert id on commit; each instance LISTENs and
 * reads the alert with the counsellors its client has, so that each stream shows what its reader
 * may see. It does not wait for Kafka: a broker outage does not delay a risk answer on its way
 * to a person.
 */
@ApplicationScoped
public class SafetyAlertFeed {

    private static final Logger LOG = Logger.getLogger(SafetyAlertFeed.class);
    static final String CHANNEL = "safety_alert";
    private static final String READ = """
            SELECT a.*, ARRAY(SELECT DISTINCT s.counsellor_id FROM session_projection s WHERE s.client_ref = a.client_ref) AS counsellors
              FROM safety_alert a
             WHERE a.id = $1
            """;

    /** An alert as it is now, and every counsellor of its client (who all may see it). */
    public record Change(SafetyAlertRecord alert, Set<UUID> counsellors) {}

    private final Pool pool;
    private final Notifications notifications;
    private final int maxStreams;
    private final BroadcastProcessor<Change> changes = BroadcastProcessor.create();
    private final AtomicInteger open = new AtomicInteger();
    private volatile PgSubscriber subscriber;

    public SafetyAlertFeed(Pool pool, Notifications notifications, FeedbackConfig config) {
        this.pool = pool;
        this.notifications = notifications;
        this.maxStreams = config.safety().maxStreams();
    }

    void start(@Observes StartupEvent event) {
        subscriber = notifications.subscriber();
        subscriber.channel(CHANNEL).handler(this::changed);
        subscriber.connect().subscribe().with(
                connected -> LOG.debug("Listening for safety alert changes"),
                failure -> LOG.errorf("Cannot LISTEN for safety alert changes (%s); retrying", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
        changes.onComplete();
    }

    /**
     * The changes a reader may see from now on: every alert for supervisors, the alerts of their
     * clients for a counsellor. A reader too slow for 256 changes loses the stream (and reads
     * the list again on reconnecting) rather than holding memory without bound.
     */
    public Multi<Change> visibleTo(UUID reader, boolean everyAlert) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw new ProblemException(Problem.of(429, "Too many requests", "Too many open safety streams; retry shortly"),
                    Map.of("Retry-After", "5"));
        }
        return changes
                .filter(change -> everyAlert || change.counsellors().contains(reader) || change.alert().counsellorId.equals(reader))
                .onOverflow().buffer(256)
                .onTermination().invoke(open::decrementAndGet);
    }

    private void changed(String alertId) {
        UUID id;
        try {
            id = UUID.fromString(alertId);
        } catch (IllegalArgumentException e) {
            return;
        }
        pool.preparedQuery(READ).execute(Tuple.of(id)).subscribe().with(
                rows -> rows.forEach(row -> changes.onNext(new Change(read(row), Set.of(row.getArrayOfUUIDs("counsellors"))))),
                failure -> LOG.warnf("A safety alert change could not be read for the streams (%s)", failure.getMessage()));
    }

    private static SafetyAlertRecord read(Row row) {
        SafetyAlertRecord alert = new SafetyAlertRecord();
        alert.id = row.getUUID("id");
        alert.feedbackId = row.getUUID("feedback_id");
        alert.sessionId = row.getUUID("session_id");
        alert.counsellorId = row.getUUID("counsellor_id");
        alert.clientId = row.getUUID("client_id");
        alert.clientRef = row.getString("client_ref");
        alert.instrumentId = row.getString("instrument_id");
        alert.item = row.getString("item");
        alert.answer = row.getBigDecimal("answer");
        alert.status = SafetyAlertStatus.valueOf(row.getString("status"));
        alert.raisedAt = instant(row, "raised_at");
        alert.acknowledgedAt = instant(row, "acknowledged_at");
        alert.acknowledgedBy = row.getUUID("acknowledged_by");
        alert.escalatedAt = instant(row, "escalated_at");
        alert.resolvedAt = instant(row, "resolved_at");
        alert.resolvedBy = row.getUUID("resolved_by");
        String outcome = row.getString("outcome");
        alert.outcome = outcome == null ? null : SafetyOutcome.valueOf(outcome);
        alert.version = row.getLong("version");
        return alert;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
