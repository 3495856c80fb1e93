package dev.rapport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventsTest {

    @Test
    void anEventIsItsDataLinesUpToTheBlankLine() {
        SseEvents parser = new SseEvents();
        List<String> events = new ArrayList<>();
        for (String line : List.of("data: {\"allianceIndex\":90}", "", ": keep-alive", "", "event: view", "id: 7",
                "data: first", "data:second", "", "data: unfinished")) {
            parser.accept(line).ifPresent(events::add);
        }
        assertEquals(List.of("{\"allianceIndex\":90}", "first\nsecond"), events);
    }

    @Test
    void viewsThatDifferOnlyInAsOfHaveOneFingerprint() {
        String a = "{\"counsellorId\":\"c\",\"asOf\":\"2026-01-01T00:00:00Z\",\"feedbackRate\":0.5}";
        String b = "{\"counsellorId\":\"c\",\"asOf\":\"2026-01-01T00:00:01Z\",\"feedbackRate\":0.5}";
        String c = "{\"counsellorId\":\"c\",\"asOf\":\"2026-01-01T00:00:01Z\",\"feedbackRate\":0.6}";
        assertEquals(Json.fingerprint(a), Json.fingerprint(b));
        org.junit.jupiter.api.Assertions.assertNotEquals(Json.fingerprint(a), Json.fingerprint(c));
    }
}
