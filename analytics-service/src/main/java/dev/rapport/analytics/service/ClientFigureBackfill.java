package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.ClientContributions;
import dev.rapport.analytics.persistence.ClientFigureDays;
import dev.rapport.analytics.persistence.ClientHistories;
import dev.rapport.analytics.persistence.CounsellorViewRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Derives client_figure_day (V14) from the client states stored before it existed, once, at
 * start (after {@link ClientHistoryBackfill}, which derives the states of older forms), before
 * this instance's feedback consumer and erasures change it: they add the difference they make to
 * a client's part, which is only right on top of that part. One transaction claims V14's marker
 * (an instance that finds it gone, or waits for another's claim to commit, has nothing to do) and
 * adds every client's part, {@value #CHUNK} clients per read. A failure rolls back and is retried;
 * the consumer waits meanwhile. A rebuild's switch-over brings an empty marker table: its tables
 * were derived whole.
 */
@ApplicationScoped
public class ClientFigureBackfill {

    private static final Logger LOG = Logger.getLogger(ClientFigureBackfill.class);
    private static final int CHUNK = 1000;

    private final ClientHistories states;
    private final ClientHistoryBackfill histories;
    private final ClientFigureDays figures;
    private final CounsellorViewRows views;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    public ClientFigureBackfill(ClientHistories states, ClientHistoryBackfill histories, ClientFigureDays figures,
                                CounsellorViewRows views) {
        this.states = states;
        this.histories = histories;
        this.figures = figures;
        this.views = views;
    }

    void onStart(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            histories.deriveAtStart();
            try {
                long clients = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::deriveIfPending)
                        .onFailure().invoke(e -> LOG.warnf("Deriving client_figure_day failed (%s); retrying", e.toString()))
                        .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely());
                if (clients > 0) {
                    LOG.infof("Derived the figure rows of %d clients stored before client_figure_day existed", clients);
                }
                done.complete(null);
            } catch (Throwable e) {
                LOG.errorf("Deriving client_figure_day stopped (%s): the feedback consumer waits until a restart", e.toString());
            }
        });
    }

    /**
     * Completes once the rows are derived (at once when there was nothing to derive), on the
     * caller's Vert.x context (the consumer chains database work after it).
     */
    public Uni<Void> ready() {
        return StartedTask.awaited(done);
    }

    /**
     * Within the caller's transaction: every client's part added if V14's marker was there (then
     * every view marked changed); returns how many clients' parts it added.
     */
    public Uni<Long> deriveIfPending() {
        return figures.claimBackfill().chain(pending -> !pending
                ? Uni.createFrom().item(0L)
                : derive(null, 0).call(views::touchAll));
    }

    private Uni<Long> derive(ClientHistories.CounsellorClients after, long done) {
        return states.chunk(after, CHUNK).chain(chunk -> {
            if (chunk.isEmpty()) {
                return Uni.createFrom().item(done);
            }
            ClientFigureDays.Deltas deltas = new ClientFigureDays.Deltas();
            long clients = chunk.stream().mapToLong(counsellor -> {
                counsellor.clients().forEach(client -> deltas.add(counsellor.counsellorId(), ClientContributions.of(client)));
                return counsellor.clients().size();
            }).sum();
            // Only the last client goes on (the next chunk starts after it): a chunk held by every
            // step of this chain until its end would hold the whole table.
            ClientHistories.CounsellorClients last = chunk.get(chunk.size() - 1);
            ClientHistories.CounsellorClients next = new ClientHistories.CounsellorClients(last.counsellorId(),
                    List.of(last.clients().get(last.clients().size() - 1)));
            return figures.add(deltas).chain(() -> derive(next, done + clients));
        });
    }
}
