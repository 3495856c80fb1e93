package dev.rapport.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-04T14:00:00Z");
    private static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));

    private final VerifiedTokens<String> tokens = new VerifiedTokens<>(3, Duration.ofSeconds(60));

    @Test
    void onlyTheVerifiedTokenItselfIsFound() {
        tokens.keep("header.payload.signature", IN_AN_HOUR, "alice", NOW);
        assertEquals(Optional.of("alice"), tokens.find("header.payload.signature", NOW));
        assertEquals(Optional.empty(), tokens.find("header.payload.signaturf", NOW));
        assertEquals(Optional.empty(), tokens.find("header.payload.signature ", NOW));
    }

    @Test
    void aTokenIsNotServedOnceItHasExpired() {
        tokens.keep("t", NOW.plusSeconds(10), "alice", NOW);
        assertEquals(Optional.of("alice"), tokens.find("t", NOW.plusSeconds(9)));
        assertEquals(Optional.empty(), tokens.find("t", NOW.plusSeconds(10)));
        assertFalse(tokens.contains("t"), "an expired entry goes when it is looked up");
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaximumAge() {
        tokens.keep("t", IN_AN_HOUR, "alice", NOW);
        assertEquals(Optional.of("alice"), tokens.find("t", NOW.plusSeconds(59)));
        assertEquals(Optional.empty(), tokens.find("t", NOW.plusSeconds(60)));
    }

    @Test
    void anExpiredTokenIsNeverKept() {
        tokens.keep("t", NOW, "alice", NOW);
        tokens.keep("u", NOW.minusSeconds(1), "bob", NOW);
        assertEquals(0, tokens.size());
    }

    @Test
    void keepingATokenAgainDoesNotExtendItsEntry() {
        tokens.keep("t", IN_AN_HOUR, "alice", NOW);
        tokens.keep("t", IN_AN_HOUR, "alice", NOW.plusSeconds(50));
        assertEquals(Optional.empty(), tokens.find("t", NOW.plusSeconds(60)));
    }

    @Test
    void whenFullTheExpiredGoAndWithoutExpiredTheNewTokenIsNotKept() {
        tokens.keep("a", NOW.plusSeconds(5), "a", NOW);
        tokens.keep("b", IN_AN_HOUR, "b", NOW);
        tokens.keep("c", IN_AN_HOUR, "c", NOW);
        tokens.keep("d", IN_AN_HOUR, "d", NOW.plusSeconds(10));
        assertTrue(tokens.contains("d"), "a's entry had expired: d takes its place");
        assertFalse(tokens.contains("a"));
        tokens.keep("e", IN_AN_HOUR, "e", NOW.plusSeconds(10));
        assertFalse(tokens.contains("e"), "none expired: e is verified again next time");
        assertEquals(3, tokens.size());
    }

    @Test
    void noEntriesMeansEveryTokenIsVerified() {
        VerifiedTokens<String> none = new VerifiedTokens<>(0, Duration.ofSeconds(60));
        none.keep("t", IN_AN_HOUR, "alice", NOW);
        assertEquals(Optional.empty(), none.find("t", NOW));
    }
}
