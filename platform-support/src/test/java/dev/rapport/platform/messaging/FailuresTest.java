package dev.rapport.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonParseException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static PgException pg(String state) {
        return new PgException("ERROR: value 'Jane Doe' is secret", "ERROR", state, "detail with 'Jane Doe'");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsUnavailableWhereverTheCauseSits() {
        assertEquals(Failures.Kind.UNAVAILABLE, Failures.classify(pg("57P01")));
        assertEquals(Failures.Kind.UNAVAILABLE, Failures.classify(pg("08006")));
        assertEquals(Failures.Kind.UNAVAILABLE, Failures.classify(pg("53300")));
        assertEquals(Failures.Kind.UNAVAILABLE, Failures.classify(new CompletionException(new HibernateException(new SocketException("reset")))));
        assertEquals(Failures.Kind.UNAVAILABLE, Failures.classify(ClosedConnectionException.INSTANCE));
        assertEquals(Failures.Kind.UNAVAILABLE, Failures.classify(new org.apache.kafka.common.errors.TimeoutException("metadata")));
    }

    @Test
    void contentionIsCountedAndTheRecordsOwnFailuresAreRecordFailures() {
        for (String state : new String[] {"40001", "40P01", "55P03", "57014"}) {
            assertEquals(Failures.Kind.CONTENTION, Failures.classify(new CompletionException(pg(state))), state);
        }
        assertEquals(Failures.Kind.RECORD, Failures.classify(pg("22001")));
        assertEquals(Failures.Kind.RECORD, Failures.classify(new RecordTooLargeException("too large")));
        assertEquals(Failures.Kind.RECORD, Failures.classify(new IllegalStateException("a bug")));
        // Jackson's exceptions are IOExceptions, but a record that cannot be written is not an outage.
        assertEquals(Failures.Kind.RECORD, Failures.classify(new JsonParseException(null, "bad")));
    }

    @Test
    void theReasonNamesTheFailureNeverTheData() {
        String reason = Failures.reason(new CompletionException(new HibernateException(pg("22001"))));
        assertEquals("PgException SQLSTATE 22001", reason);
        assertFalse(reason.contains("Jane"));
        assertEquals("RecordTooLargeException", Failures.reason(new RecordTooLargeException("The message is 1200396 bytes")));
    }
}
