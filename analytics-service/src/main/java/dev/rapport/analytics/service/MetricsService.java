package dev.rapport.analytics.service;

import dev.rapport.analytics.api.CounsellorView;
import dev.rapport.analytics.domain.Window;
import dev.rapport.analytics.persistence.SessionFactQueries;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

@ApplicationScoped
public class MetricsService {

    private final SessionFactQueries sessions;

    public MetricsService(SessionFactQueries sessions) {
        this.sessions = sessions;
    }

    @WithSession
    public Uni<CounsellorView> view(UUID counsellorId, Window window) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return sessions.counts(counsellorId, window.since(now), now).map(counts -> new CounsellorView(
                counsellorId, window.label(), now,
                counts.sessionsEnded(), counts.sessionsCancelled(), counts.noShows(), counts.activeClients(),
                // The feedback figures follow with feedback-events (issue 5): null means "nothing to average yet".
                null, null, null, null, null, null, null, null, null, null, null, null, null));
    }
}
