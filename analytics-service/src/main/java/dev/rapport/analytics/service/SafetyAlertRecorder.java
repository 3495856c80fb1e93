package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.SafetyAlert;
import dev.rapport.analytics.events.SafetyAlertChanged;
import dev.rapport.analytics.persistence.CounsellorViewRows;
import dev.rapport.analytics.persistence.RebuildGate;
import dev.rapport.analytics.persistence.SafetyAlertRows;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.ProcessedEvents;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A safety alert event's effect: the alert's row in safety_alert, merged with what is stored
 * ({@link SafetyAlert#apply}), in the consumed batch's transaction.
 *
 * <p>The rebuild leaves safety_alert alone (it is feedback-service's alerts as announced, not
 * derived from session-events or feedback-events; see {@code rebuild.Rebuild}), but an erasure does not:
 * this recorder passes the {@link RebuildGate} as the others do, and drops the alerts of erased
 * clients ({@link ErasedClients}). It takes no counsellor lock: it writes no day row.
 */
@ApplicationScoped
public class SafetyAlertRecorder {

    private final ProcessedEvents processed;
    private final SafetyAlertRows alerts;
    private final RebuildGate gate;
    private final ErasedClients erased;
    private final CounsellorViewRows views;

    public SafetyAlertRecorder(ProcessedEvents processed, SafetyAlertRows alerts, RebuildGate gate, ErasedClients erased,
                               CounsellorViewRows views) {
        this.processed = processed;
        this.alerts = alerts;
        this.gate = gate;
        this.erased = erased;
        this.views = views;
    }

    /** A readable safety alert event as consumed. */
    public record Delivery(UUID eventId, SafetyAlertChanged change) {

        /**
         * An alerts record as consumed: empty when it is another kind of alert (analytics' own
         * rupture alerts share the topic), which is none of this consumer's business.
         *
         * @throws IncomingEvent.PoisonEventException when the record is not a CloudEvent, or a
         *                                            safety alert event that cannot be read
         */
        public static Optional<Delivery> read(ConsumerRecord<String, String> record) {
            IncomingEvent event = IncomingEvent.read(record);
            if (!SafetyAlertChanged.isSafetyAlert(event.type())) {
                return Optional.empty();
            }
            return Optional.of(new Delivery(event.id(), SafetyAlertChanged.of(event)));
        }
    }

    /**
     * A consumed batch in one transaction: the batch's alerts locked up front, then the events
     * delivered for the first time (once per {@code eventId}) merged into the stored alerts.
     * Returns the counsellors whose view changed (known once the Uni completes, after the commit):
     * of each alert whose state changed, its counsellor and every counsellor with a session for
     * its client.
     */
    @WithTransaction
    public Uni<Set<UUID>> consume(String consumer, List<Delivery> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return erased.ready()
                .chain(gate::pass)
                .chain(() -> alerts.lock(batch.stream().map(d -> d.change().alertId()).toList()))
                .chain(() -> processed.firstDeliveries(consumer, batch, Delivery::eventId))
                .chain(this::apply)
                .call(views::touch);
    }

    private Uni<Set<UUID>> apply(List<Delivery> first) {
        if (first.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<SafetyAlert> states = first.stream().map(d -> d.change().alert())
                .filter(alert -> !erased.contains(alert.clientRef())).toList();
        return alerts.find(states.stream().map(SafetyAlert::alertId).toList()).chain(stored -> {
            Map<UUID, SafetyAlert> changed = SafetyAlert.apply(stored, states);
            if (changed.isEmpty()) {
                return Uni.createFrom().item(Set.<UUID>of());
            }
            return alerts.upsert(changed.values()).chain(() -> alerts.counsellorsOf(changed.values()));
        });
    }
}
