package dev.rapport.session.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class TransitionTest {

    @ParameterizedTest
    @CsvSource({
            "START,   SCHEDULED,   IN_PROGRESS",
            "END,     IN_PROGRESS, ENDED",
            "CANCEL,  SCHEDULED,   CANCELLED",
            "NO_SHOW, SCHEDULED,   NO_SHOW"})
    void aLegalChangeMovesToItsState(Transition transition, SessionStatus from, SessionStatus to) {
        assertEquals(to, transition.from(from));
    }

    @ParameterizedTest
    @EnumSource(Transition.class)
    void everyOtherStartingStateIsRefused(Transition transition) {
        EnumSet<SessionStatus> illegal = EnumSet.allOf(SessionStatus.class);
        illegal.remove(transition == Transition.END ? SessionStatus.IN_PROGRESS : SessionStatus.SCHEDULED);
        for (SessionStatus status : illegal) {
            assertThrows(IllegalTransitionException.class, () -> transition.from(status), transition + " from " + status);
        }
    }

    @Test
    void endingASessionTwiceIsRefused() {
        SessionStatus ended = Transition.END.from(Transition.START.from(SessionStatus.SCHEDULED));
        IllegalTransitionException refusal = assertThrows(IllegalTransitionException.class, () -> Transition.END.from(ended));
        assertEquals("A session that is ENDED cannot be ended", refusal.getMessage());
    }

    @Test
    void onlyCancellingIsOpenToTheClient() {
        assertEquals(EnumSet.of(Transition.CANCEL),
                EnumSet.copyOf(java.util.Arrays.stream(Transition.values()).filter(Transition::clientMay).toList()));
    }

    @Test
    void eventTypesAreVersionedPerChange() {
        assertEquals("rapport.session.started.v1", Transition.START.eventType());
        assertEquals("rapport.session.ended.v1", Transition.END.eventType());
        assertEquals("rapport.session.cancelled.v1", Transition.CANCEL.eventType());
        assertEquals("rapport.session.no-show.v1", Transition.NO_SHOW.eventType());
        assertEquals("rapport.session.scheduled.v1", SessionEvents.SCHEDULED);
    }
}
