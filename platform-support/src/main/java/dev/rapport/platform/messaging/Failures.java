package dev.rapport.platform.messaging;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * What a failure says about the work that failed: whether trying the same work again later can
 * succeed. The consumers ({@link BatchConsumption}) and the outbox relay decide from it whether to
 * wait and retry or to count the attempt against the record.
 */
public final class Failures {

    /** The kinds of failure, by what a retry can expect. */
    public enum Kind {
        /**
         * The database or the broker cannot be reached or was restarted (a lost connection, a
         * terminated backend 57P01, a server starting up, too many connections). Nothing is wrong
         * with the record: retried for as long as it lasts, never counted against the record.
         */
        UNAVAILABLE,
        /**
         * The record met other work (deadlock 40P01, serialization 40001, lock timeout 55P03,
         * statement timeout 57014). Retried with backoff, but counted: a record that always times
         * out must not block its partition for good.
         */
        CONTENTION,
        /** Anything else (a value too long for its column, a constraint, a bug): retrying changes nothing. */
        RECORD
    }

    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "58000", "58030");
    private static final Set<String> CONTENTION_STATES = Set.of("40001", "40P01", "55P03", "57014");
    private static final int MAX_DEPTH = 16;

    private Failures() {}

    public static Kind classify(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            String state = sqlState(cause);
            if (state != null) {
                if (state.startsWith("08") || state.startsWith("53") || UNAVAILABLE_STATES.contains(state)) {
                    return Kind.UNAVAILABLE;
                }
                return CONTENTION_STATES.contains(state) ? Kind.CONTENTION : Kind.RECORD;
            }
            if (cause instanceof ClosedConnectionException || cause instanceof IOException && !(cause instanceof com.fasterxml.jackson.core.JacksonException)
                    || cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof io.smallrye.mutiny.TimeoutException || connectionClosed(cause)) {
                return Kind.UNAVAILABLE;
            }
        }
        return Kind.RECORD;
    }

    /**
     * Why, in words that hold no data: the exception's class and SQL state only (a database's
     * message may quote the value, which may be health data).
     */
    public static String reason(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            String state = sqlState(cause);
            if (state != null) {
                return cause.getClass().getSimpleName() + " SQLSTATE " + state;
            }
            if (cause instanceof IncomingEvent.PoisonEventException) {
                return cause.getMessage();
            }
            if (cause.getCause() == null) {
                return cause.getClass().getSimpleName();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String sqlState(Throwable cause) {
        if (cause instanceof DatabaseException database) {
            return database.getSqlState();
        }
        if (cause instanceof SQLException sql) {
            return sql.getSQLState();
        }
        return null;
    }

    /** Vert.x reports a connection closed under a query as a bare VertxException. */
    private static boolean connectionClosed(Throwable cause) {
        return cause instanceof io.vertx.core.VertxException && cause.getMessage() != null
                && (cause.getMessage().contains("Connection is closed") || cause.getMessage().contains("Pending requests failed"));
    }
}
