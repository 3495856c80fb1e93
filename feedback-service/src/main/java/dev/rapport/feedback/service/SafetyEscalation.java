package dev.rapport.feedback.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Every instance looks for overdue alerts on a short clock; the database decides which instance
 * escalates each one (see {@link SafetyAlerts#escalateDue}), so no in-memory timer is lost with
 * a restart and none fires twice.
 */
@ApplicationScoped
public class SafetyEscalation {

    private static final Logger LOG = Logger.getLogger(SafetyEscalation.class);

    private final SafetyAlerts alerts;

    public SafetyEscalation(SafetyAlerts alerts) {
        this.alerts = alerts;
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
