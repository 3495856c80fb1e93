package dev.rapport.analytics.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An open alert of one of the counsellor's clients, the client by pseudonymous reference.
 *
 * @param type        "rupture" or "safety"
 * @param scoreBefore ruptures: the client's previous normalised score on the instrument (null for a first form)
 * @param raisedAt    the submission time of the form that raised it
 */
public record AlertView(String type, String clientRef, String instrumentId, UUID feedbackId, BigDecimal total,
                        BigDecimal normalized, BigDecimal scoreBefore, List<String> causes, Instant raisedAt) {}
