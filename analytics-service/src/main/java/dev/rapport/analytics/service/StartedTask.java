package dev.rapport.analytics.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;

/** A task of the service's start that consumers wait for before they touch the database. */
final class StartedTask {

    private StartedTask() {}

    /**
     * Completes once {@code done} has (at once if it has), on the caller's Vert.x context:
     * consumers chain database work after it, which must run on their context.
     */
    static Uni<Void> awaited(CompletableFuture<Void> done) {
        if (done.isDone()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        Uni<Void> ready = Uni.createFrom().completionStage(done);
        return context == null ? ready : ready.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
