package dev.rapport.session.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.outbox.OutgoingEvent;
import dev.rapport.session.domain.Modality;
import dev.rapport.session.domain.SessionStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** session-service's events know their topic, type, key and subject; what they publish is checked against the schemas where tests read it. */
class OutgoingEventsTest {

    private final UUID session = UUID.randomUUID();
    private final UUID counsellor = UUID.randomUUID();
    private final Instant at = Instant.parse("2026-12-01T10:51:00Z");
    private final SessionEventData data = new SessionEventData(session, counsellor, "0123456789abcdef0123456789abcdef", SessionStatus.ENDED,
            Modality.VIDEO, at.minusSeconds(3060), at.minusSeconds(3000), at, 3000L, at);

    @Test
    void aSessionsChangeIsKeyedByItsCounsellorAboutTheSession() {
        OutgoingEvent ended = SessionChanged.of("rapport.session.ended.v1", data);
        assertEquals("session-events", ended.topic());
        assertEquals(counsellor.toString(), ended.key());
        assertEquals(session.toString(), ended.subject());
        assertEquals(at, ended.occurredAt());
        assertEquals(data, ended.data());
        SessionChanged.of("rapport.session.scheduled.v1", data);
        SessionChanged.of("rapport.session.no-show.v1", data);
        assertThrows(IllegalArgumentException.class, () -> SessionChanged.of("rapport.feedback.submitted.v1", data));
        assertThrows(IllegalArgumentException.class, () -> SessionChanged.of("rapport.session.renamed.v1", data));
    }

    @Test
    void aClientKeyAndItsTombstoneAreKeyedByTheLookupKeyNeverTheReference() {
        OutgoingEvent key = ClientKeys.announced("ab".repeat(32), "0123456789abcdef0123456789abcdef", at);
        assertEquals("client-keys", key.topic());
        assertEquals("rapport.client.key.v1", key.type());
        assertEquals("ab".repeat(32), key.key());
        assertEquals("ab".repeat(32), key.subject());
        assertEquals(new ClientKeys.ClientKey("0123456789abcdef0123456789abcdef"), key.data());

        OutgoingEvent erased = ClientKeys.erased("ab".repeat(32), at);
        assertEquals("client-keys", erased.topic());
        assertEquals("rapport.client.key.erased.v1", erased.type());
        assertEquals("ab".repeat(32), erased.key());
        assertNull(erased.data(), "a tombstone");
    }

    @Test
    void anErasureRequestIsKeyedByTheErasure() {
        UUID erasure = UUID.randomUUID();
        OutgoingEvent requested = Erasures.requested(new Erasures.Requested(erasure, "0123456789abcdef0123456789abcdef", at));
        assertEquals("erasures", requested.topic());
        assertEquals("rapport.client.erasure.requested.v1", requested.type());
        assertEquals(erasure.toString(), requested.key());
        assertEquals(erasure.toString(), requested.subject());
        assertEquals(at, requested.occurredAt());
    }
}
