package dev.rapport.feedback.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Every instance looks for overdue alerts on a short clock; the database decides which instance
 * escalates each one (see {@link SafetyAlerts#escalateDue}), so no in-memory timer is lost with
 * a restart and none fires twice.
 *
 * <p>On the same clock it measures the alerts nobody has acknowledged yet, for the alert rules
 * (deploy/kubernetes/base/monitoring): {@code rapport_safety_alerts_open} and
 * {@code rapport_safety_alerts_oldest_open_age_seconds}, the age of the oldest OPEN alert at the
 * time of the scrape (0 when there is none). Every instance reports the same database-wide values.
 */
@ApplicationScoped
public class SafetyEscalation {

    private static final Logger LOG = Logger.getLogger(SafetyEscalation.class);

    private final SafetyAlerts alerts;
    private final AtomicLong open = new AtomicLong();
    private final AtomicReference<Instant> oldestOpen = new AtomicReference<>();

    public SafetyEscalation(SafetyAlerts alerts, MeterRegistry registry) {
        this.alerts = alerts;
        Gauge.builder("rapport.safety.alerts.open", open, AtomicLong::get)
                .description("Safety alerts nobody has acknowledged yet (status OPEN)").register(registry);
        Gauge.builder("rapport.safety.alerts.oldest.open.age", this, SafetyEscalation::oldestOpenAgeSeconds)
                .description("How long the oldest OPEN safety alert has waited for a person (0: none)").baseUnit("seconds")
                .register(registry);
    }

    double oldestOpenAgeSeconds() {
        Instant oldest = oldestOpen.get();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    @Scheduled(every = "${rapport.feedback.safety.escalation-check:PT15S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> measureOpen() {
        return alerts.open()
                .invoke(measured -> {
                    open.set(measured.count());
                    oldestOpen.set(measured.oldestRaisedAt());
                })
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("Measuring open safety alerts failed (%s); the next pass retries", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "${rapport.feedback.safety.escalation-check:PT15S}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> escalateOverdue() {
        return alerts.escalateDue(Instant.now())
                .invoke(escalated -> {
                    if (!escalated.isEmpty()) {
                        LOG.infof("Escalated %d safety alert(s) to the supervisors", escalated.size());
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("Safety escalation pass failed (%s); the next pass retries", failure.getMessage()))
                .onFailure().recoverWithNull();
    }
}
