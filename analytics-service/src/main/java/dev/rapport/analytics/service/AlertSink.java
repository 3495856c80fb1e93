package dev.rapport.analytics.service;

import dev.rapport.analytics.events.Alerts;
import io.smallrye.mutiny.Uni;

/**
 * Where a recorded form's alerts go: the outbox when consumed live; a rebuild's pending alerts
 * when replayed (a rebuild raises an alert only for events the live consumers never processed,
 * see {@code rebuild.Rebuild}).
 */
@FunctionalInterface
public interface AlertSink {

    /** Raises an alert of a recorded form, {@code delivery} the event that brought the form. */
    Uni<Void> raise(FeedbackRecorder.Delivery delivery, String type, Alerts.Raisable alert);
}
