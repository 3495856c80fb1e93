package dev.rapport.analytics.api;

import dev.rapport.analytics.view.CounsellorView;
import dev.rapport.analytics.view.Figures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rapport.analytics.domain.InstrumentOutcomes;
import dev.rapport.platform.api.ProblemException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CSV and the list's order follow the view's figures, the safety figures among them. */
class CounsellorViewsTest {

    private static final Instant AS_OF = Instant.parse("2026-12-02T09:00:00Z");

    private static CounsellorView view(String id, long safetyAlerts, long escalations, String minutes) {
        return new CounsellorView(UUID.fromString(id), "30d", AS_OF, new Figures(3, 0, 1, 2, new BigDecimal("1.00"),
                new BigDecimal("80.50"), 4, 2, null, null, null, 0, 0, null, 0, 0, null,
                0, 0, 0L, null, safetyAlerts, escalations, minutes == null ? null : new BigDecimal(minutes),
                1, new BigDecimal("1.00"), new BigDecimal("0.00"), 1, null,
                outcomes(), null, 0), List.of("feedbackRate", "allianceIndex"));
    }

    /** phq-9 with one client (improved, a case at intake, still a case), gad-7 and ors with none. */
    private static Map<String, InstrumentOutcomes> outcomes() {
        Map<String, InstrumentOutcomes> outcomes = new LinkedHashMap<>();
        outcomes.put("phq-9", new InstrumentOutcomes(1, new BigDecimal("1.00"), new BigDecimal("0.00"), 1,
                new BigDecimal("0.00"), new BigDecimal("0.00")));
        outcomes.put("gad-7", new InstrumentOutcomes(0, null, null, 0, null, null));
        outcomes.put("ors", new InstrumentOutcomes(0, null, null, 0, null, null));
        return outcomes;
    }

    private final CounsellorView a = view("00000000-0000-4000-8000-00000000000a", 1, 2, "45.50");
    private final CounsellorView b = view("00000000-0000-4000-8000-00000000000b", 0, 0, null);
    private final CounsellorView c = view("00000000-0000-4000-8000-00000000000c", 2, 1, "12.00");

    @Test
    void theCsvHasAColumnPerFigureOfTheViewInItsOrderTheOutcomesOnePerInstrumentAndFigure() {
        String[] lines = CounsellorViews.csv(List.of(c, a, b)).split("\r\n");
        // The export's contract: the figures' names in the order of Figures, between the view's own.
        String outcomeColumns = Stream.of("phq-9", "gad-7", "ors").flatMap(instrument -> Stream.of("clients", "reliableImprovementRate",
                "deteriorationRate", "casesAtIntake", "recoveryRate", "reliableRecoveryRate").map(figure -> "outcomes." + instrument + "." + figure))
                .collect(Collectors.joining(","));
        assertEquals("counsellorId,window,asOf,sessionsEnded,sessionsCancelled,noShows,activeClients,feedbackRate,"
                + "allianceIndex,allianceForms,allianceClients,bond,goal,task,waiForms,waiClients,empathyIndex,empathyForms,"
                + "empathyClients,allianceTrend,ruptures,ruptureClients,openRuptures,repairRate,safetyAlerts,safetyEscalations,"
                + "safetyMinutesToAcknowledge,outcomeClients,reliableImprovementRate,deteriorationRate,casesAtIntake,recoveryRate,"
                + outcomeColumns + ",allianceOutcomeR,allianceOutcomeClients,belowMinimum", lines[0]);
        // sorted by counsellor; an empty cell where there is no median; belowMinimum's names joined by ';'
        String outcomes = ",1,1.00,0.00,1,0.00,0.00,0,,,0,,,0,,,0,,";
        assertEquals(a.counsellorId() + ",30d,2026-12-02T09:00:00Z,3,0,1,2,1.00,80.50,4,2,,,,0,0,,0,0,,0,0,0,,1,2,45.50,"
                + "1,1.00,0.00,1," + outcomes + ",,0,feedbackRate;allianceIndex", lines[1]);
        assertEquals(b.counsellorId() + ",30d,2026-12-02T09:00:00Z,3,0,1,2,1.00,80.50,4,2,,,,0,0,,0,0,,0,0,0,,0,0,,"
                + "1,1.00,0.00,1," + outcomes + ",,0,feedbackRate;allianceIndex", lines[2]);
    }

    @Test
    void theSortKeysAreTheCounsellorAndEveryFigureOfOneValueNotTheOutcomesNorBelowMinimum() {
        assertThrows(ProblemException.class, () -> CounsellorViews.page("30d", "outcomes", 0, 10, List.of(a)));
        ProblemException refused = assertThrows(ProblemException.class, () -> CounsellorViews.page("30d", "-belowMinimum", 0, 10, List.of(a)));
        assertEquals("must be one of [counsellorId, sessionsEnded, sessionsCancelled, noShows, activeClients, feedbackRate, "
                + "allianceIndex, allianceForms, allianceClients, bond, goal, task, waiForms, waiClients, empathyIndex, empathyForms, "
                + "empathyClients, allianceTrend, ruptures, ruptureClients, openRuptures, repairRate, safetyAlerts, safetyEscalations, "
                + "safetyMinutesToAcknowledge, outcomeClients, reliableImprovementRate, deteriorationRate, casesAtIntake, recoveryRate, "
                + "allianceOutcomeR, allianceOutcomeClients], with a leading '-' for descending",
                refused.problem().violations().get(0).message());
    }

    @Test
    void theListSortsByTheSafetyFiguresWithoutAMedianLastEitherWay() {
        assertEquals(List.of(c, a, b), CounsellorViews.page("30d", "safetyMinutesToAcknowledge", 0, 10, List.of(a, b, c)).items());
        assertEquals(List.of(a, c, b), CounsellorViews.page("30d", "-safetyMinutesToAcknowledge", 0, 10, List.of(a, b, c)).items());
        assertEquals(List.of(a, c, b), CounsellorViews.page("30d", "-safetyEscalations", 0, 10, List.of(b, c, a)).items());
        assertEquals(List.of(b, a, c), CounsellorViews.page("30d", "safetyAlerts", 0, 10, List.of(c, b, a)).items());
    }
}
