package dev.rapport.analytics.service;

import dev.rapport.analytics.messaging.Alerts;
import io.smallrye.mutiny.Uni;

/**
 * Where a recorded form's alerts go: the outbox when consumed live; a rebuild's pending alerts
 * when replayed (a rebuild raises an alert only for events the live consumers never processed,
 * see {@link Rebuild}).
 */
@FunctionalInterface
public interface AlertSink {

    Uni<Void> raise(String type, Alerts.Alert alert);
}
