package dev.rapport.analytics.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rapport.analytics.domain.InstrumentOutcomes;
import dev.rapport.platform.api.StrictJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The views carry their {@link Figures} unwrapped: the JSON is flat, as before there was a Figures
 * record, and reads back (stored views, alliance-metrics) with the service's settings.
 */
class FiguresJsonTest {

    /** As platform-support configures the service's mapper. */
    private static final ObjectMapper JSON = StrictJson.apply(new ObjectMapper().findAndRegisterModules())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant AS_OF = Instant.parse("2026-12-02T09:00:00.123Z");
    private static final String OUTCOMES = "\"outcomes\":{\"phq-9\":{\"clients\":1,\"reliableImprovementRate\":1.00,"
            + "\"deteriorationRate\":0.00,\"casesAtIntake\":1,\"recoveryRate\":0.00,\"reliableRecoveryRate\":null}}";

    /** Every figure a value of its own, so that a figure read into another's place shows. */
    private static Figures figures(Long openRuptures, Long safetyAlerts, BigDecimal allianceOutcomeR) {
        return new Figures(1, 2, 3, 4, new BigDecimal("0.50"), new BigDecimal("80.50"), 5, 6, new BigDecimal("3.10"),
                new BigDecimal("3.20"), new BigDecimal("3.30"), 7, 8, new BigDecimal("4.50"), 9, 10, new BigDecimal("-0.25"), 11, 12,
                openRuptures, new BigDecimal("0.40"), safetyAlerts, 15, new BigDecimal("45.50"), 16, new BigDecimal("0.60"),
                new BigDecimal("0.10"), 17, new BigDecimal("0.70"),
                Map.of("phq-9", new InstrumentOutcomes(1, new BigDecimal("1.00"), new BigDecimal("0.00"), 1, new BigDecimal("0.00"), null)),
                allianceOutcomeR, 18);
    }

    @Test
    void aCounsellorsViewIsFlatJsonThatReadsBackEqual() throws Exception {
        CounsellorView view = new CounsellorView(UUID.fromString("00000000-0000-4000-8000-00000000000a"), "30d", AS_OF,
                figures(13L, 14L, new BigDecimal("0.28")), List.of("feedbackRate", "allianceIndex"));
        String json = JSON.writeValueAsString(view);
        assertEquals("{\"counsellorId\":\"00000000-0000-4000-8000-00000000000a\",\"window\":\"30d\",\"asOf\":\"2026-12-02T09:00:00.123Z\","
                + "\"sessionsEnded\":1,\"sessionsCancelled\":2,\"noShows\":3,\"activeClients\":4,\"feedbackRate\":0.50,\"allianceIndex\":80.50,"
                + "\"allianceForms\":5,\"allianceClients\":6,\"bond\":3.10,\"goal\":3.20,\"task\":3.30,\"waiForms\":7,\"waiClients\":8,"
                + "\"empathyIndex\":4.50,\"empathyForms\":9,\"empathyClients\":10,\"allianceTrend\":-0.25,\"ruptures\":11,\"ruptureClients\":12,"
                + "\"openRuptures\":13,\"repairRate\":0.40,\"safetyAlerts\":14,\"safetyEscalations\":15,\"safetyMinutesToAcknowledge\":45.50,"
                + "\"outcomeClients\":16,\"reliableImprovementRate\":0.60,\"deteriorationRate\":0.10,\"casesAtIntake\":17,\"recoveryRate\":0.70,"
                + OUTCOMES + ",\"allianceOutcomeR\":0.28,\"allianceOutcomeClients\":18,\"belowMinimum\":[\"feedbackRate\",\"allianceIndex\"]}",
                json);
        assertEquals(view, JSON.readValue(json, CounsellorView.class));
        CounsellorMetrics metrics = new CounsellorMetrics(view.counsellorId(), AS_OF, Map.of("30d", view));
        assertEquals(metrics, JSON.readValue(JSON.writeValueAsString(metrics), CounsellorMetrics.class));
    }

    @Test
    void theOrganisationsViewIsFlatJsonThatReadsBackEqualItsNullsToo() throws Exception {
        OrganisationView view = new OrganisationView("90d", AS_OF, 19, figures(null, null, null));
        String json = JSON.writeValueAsString(view);
        assertEquals("{\"window\":\"90d\",\"asOf\":\"2026-12-02T09:00:00.123Z\",\"counsellors\":19,"
                + "\"sessionsEnded\":1,\"sessionsCancelled\":2,\"noShows\":3,\"activeClients\":4,\"feedbackRate\":0.50,\"allianceIndex\":80.50,"
                + "\"allianceForms\":5,\"allianceClients\":6,\"bond\":3.10,\"goal\":3.20,\"task\":3.30,\"waiForms\":7,\"waiClients\":8,"
                + "\"empathyIndex\":4.50,\"empathyForms\":9,\"empathyClients\":10,\"allianceTrend\":-0.25,\"ruptures\":11,\"ruptureClients\":12,"
                + "\"openRuptures\":null,\"repairRate\":0.40,\"safetyAlerts\":null,\"safetyEscalations\":15,\"safetyMinutesToAcknowledge\":45.50,"
                + "\"outcomeClients\":16,\"reliableImprovementRate\":0.60,\"deteriorationRate\":0.10,\"casesAtIntake\":17,\"recoveryRate\":0.70,"
                + OUTCOMES + ",\"allianceOutcomeR\":null,\"allianceOutcomeClients\":18}", json);
        assertEquals(view, JSON.readValue(json, OrganisationView.class));
    }
}
