package dev.rapport.analytics.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The contract of the alerts topic (record key: the counsellor id; ce_subject: the feedback that raised it). */
public final class Alerts {

    public static final String TOPIC = "alerts";
    public static final String RUPTURE = "rapport.alert.rupture.v1";
    public static final String SAFETY = "rapport.alert.safety.v1";

    private Alerts() {}

    /**
     * One alert. {@code raisedAt} is the submission time of the form that raised it, so that a
     * replay raises the same alert with the same time.
     *
     * @param causes for ruptures BELOW_CUTOFF and/or DROP; for safety SAFETY_ITEM
     */
    public record Alert(
            UUID counsellorId,
            String clientRef,
            String instrumentId,
            UUID feedbackId,
            Scores scores,
            List<String> causes,
            Instant raisedAt) {}

    /**
     * @param scoreBefore the client's previous normalised score on the instrument (ruptures), or null
     */
    public record Scores(BigDecimal total, BigDecimal normalized, BigDecimal scoreBefore) {}
}
