package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.HistoryBatch;
import dev.rapport.analytics.domain.HistoryState;
import dev.rapport.analytics.domain.RuptureDetector;
import dev.rapport.analytics.persistence.ClientHistories;
import dev.rapport.analytics.persistence.CounsellorViewRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Derives the history states (client_history, V9) of forms stored before the table existed, at
 * start ({@link ClientFigureBackfill} runs it first), {@value #CHUNK} histories per transaction: a
 * state a consumer stores meanwhile is newer and is kept ({@link ClientHistories#storeMissing}).
 * Only while V10's marker says so: after the first start of this version (or on a database that
 * had no such forms) a start does not search the forms at all.
 */
@ApplicationScoped
public class ClientHistoryBackfill {

    private static final Logger LOG = Logger.getLogger(ClientHistoryBackfill.class);
    private static final int CHUNK = 500;

    private final ClientHistories histories;
    private final FeedbackFacts facts;
    private final RuptureDetector detector;
    private final CounsellorViewRows views;

    public ClientHistoryBackfill(ClientHistories histories, FeedbackFacts facts, RuptureDetector detector, CounsellorViewRows views) {
        this.histories = histories;
        this.facts = facts;
        this.detector = detector;
        this.views = views;
    }

    /** {@link #deriveIfPending} at start, a failure logged (a rebuild derives them). */
    void deriveAtStart() {
        try {
            long derived = VertxContextSupport.subscribeAndAwait(this::deriveIfPending);
            if (derived > 0) {
                LOG.infof("Derived the state of %d client histories stored before client_history existed", derived);
            }
        } catch (Throwable e) {
            LOG.warnf("Deriving the states of earlier client histories failed (%s); a rebuild derives them", e.toString());
        }
    }

    /**
     * {@link #derive}, once: only while V10's marker is there, which it then removes; returns how
     * many it derived. Every stored view is then marked changed: none was computed from the states.
     */
    public Uni<Long> deriveIfPending() {
        return Panache.withSession(histories::backfillPending).chain(pending -> !pending
                ? Uni.createFrom().item(0L)
                : derive().call(() -> Panache.withTransaction(() -> histories.backfillDone().call(views::touchAll))));
    }

    /** Derives the state of every history without one; returns how many it derived. */
    public Uni<Long> derive() {
        return rounds(0);
    }

    private Uni<Long> rounds(long done) {
        return Panache.withTransaction(this::round).chain(stored -> stored == 0 ? Uni.createFrom().item(done) : rounds(done + stored));
    }

    /** One chunk of histories without a state; returns how many states it stored. */
    private Uni<Integer> round() {
        return histories.missing(CHUNK).chain(missing -> facts.historiesOf(missing.keySet()).chain(forms -> {
            List<HistoryBatch.StateAfter> states = new ArrayList<>();
            forms.forEach((key, history) -> {
                boolean alliance = missing.get(key);
                states.add(new HistoryBatch.StateAfter(key, alliance, HistoryState.of(alliance, key.instrumentId(), history, detector)));
            });
            return histories.storeMissing(states).replaceWith(states.size());
        }));
    }
}
