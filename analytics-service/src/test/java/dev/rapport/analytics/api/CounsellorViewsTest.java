package dev.rapport.analytics.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The CSV and the list's order follow the view's figures, the safety figures among them. */
class CounsellorViewsTest {

    private static final Instant AS_OF = Instant.parse("2026-12-02T09:00:00Z");

    private static CounsellorView view(String id, long safetyAlerts, long escalations, String minutes) {
        return new CounsellorView(UUID.fromString(id), "30d", AS_OF, 3, 0, 1, 2, new BigDecimal("1.00"), new BigDecimal("80.50"),
                null, null, null, null, null, 0L, null, safetyAlerts, escalations, minutes == null ? null : new BigDecimal(minutes),
                null, null, null);
    }

    private final CounsellorView a = view("00000000-0000-4000-8000-00000000000a", 1, 2, "45.50");
    private final CounsellorView b = view("00000000-0000-4000-8000-00000000000b", 0, 0, null);
    private final CounsellorView c = view("00000000-0000-4000-8000-00000000000c", 2, 1, "12.00");

    @Test
    void theCsvHasAColumnPerFigureOfTheViewInItsOrder() {
        String[] lines = CounsellorViews.csv(List.of(c, a, b)).split("\r\n");
        List<String> components = Arrays.stream(CounsellorView.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertEquals(String.join(",", components), lines[0]);
        assertEquals(List.of("safetyAlerts", "safetyEscalations", "safetyMinutesToAcknowledge"),
                components.subList(components.indexOf("safetyAlerts"), components.indexOf("safetyAlerts") + 3));
        // sorted by counsellor; an empty cell where there is no median
        assertEquals(a.counsellorId() + ",30d,2026-12-02T09:00:00Z,3,0,1,2,1.00,80.50,,,,,,0,,1,2,45.50,,,", lines[1]);
        assertEquals(b.counsellorId() + ",30d,2026-12-02T09:00:00Z,3,0,1,2,1.00,80.50,,,,,,0,,0,0,,,,", lines[2]);
    }

    @Test
    void theListSortsByTheSafetyFiguresWithoutAMedianLastEitherWay() {
        assertEquals(List.of(c, a, b), CounsellorViews.page("30d", "safetyMinutesToAcknowledge", 0, 10, List.of(a, b, c)).items());
        assertEquals(List.of(a, c, b), CounsellorViews.page("30d", "-safetyMinutesToAcknowledge", 0, 10, List.of(a, b, c)).items());
        assertEquals(List.of(a, c, b), CounsellorViews.page("30d", "-safetyEscalations", 0, 10, List.of(b, c, a)).items());
        assertEquals(List.of(b, a, c), CounsellorViews.page("30d", "safetyAlerts", 0, 10, List.of(c, b, a)).items());
    }
}
