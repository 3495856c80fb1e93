package dev.rapport.analytics.service;

import dev.rapport.analytics.api.CounsellorMetrics;
import dev.rapport.analytics.messaging.AllianceMetricsFeed;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A counsellor's view as a stream: the current view from the database at once, then every view
 * published to alliance-metrics (by any instance).
 *
 * <p>The feed is subscribed before the database is read, so a change committed meanwhile is not
 * missed; a published view computed before the database read (older than the current view) is
 * not shown after it.
 */
@ApplicationScoped
public class MetricsStream {

    private final MetricsService metrics;
    private final AllianceMetricsFeed feed;

    public MetricsStream(MetricsService metrics, AllianceMetricsFeed feed) {
        this.metrics = metrics;
        this.feed = feed;
    }

    public Multi<CounsellorMetrics> of(UUID counsellorId) {
        return Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            List<CounsellorMetrics> early = new ArrayList<>();
            Instant[] floor = {null};
            Cancellable live = feed.of(counsellorId).subscribe().with(update -> {
                synchronized (lock) {
                    if (floor[0] == null) {
                        early.add(update);
                    } else if (!update.asOf().isBefore(floor[0])) {
                        emitter.emit(update);
                    }
                }
            }, emitter::fail);
            emitter.onTermination(live::cancel);
            metrics.allWindows(counsellorId).subscribe().with(current -> {
                synchronized (lock) {
                    emitter.emit(current);
                    floor[0] = current.asOf();
                    early.stream().filter(update -> !update.asOf().isBefore(current.asOf())).forEach(emitter::emit);
                    early.clear();
                }
            }, emitter::fail);
        });
    }
}
