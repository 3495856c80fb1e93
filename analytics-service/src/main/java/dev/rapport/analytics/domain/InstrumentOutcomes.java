package dev.rapport.analytics.domain;

import java.math.BigDecimal;

/**
 * {@code outcomes.<instrumentId>} of a view: the clients counting in the window on one outcome
 * instrument (≥ 2 forms, the latest in the window), each judged from intake to latest. Rates are
 * two decimals half-up, null when there is nothing to divide by.
 *
 * @param clients                 the denominator of the first two rates
 * @param casesAtIntake           clients whose intake total was a case: the denominator of the recovery rates
 * @param recoveryRate            cases at intake that are not cases at latest ÷ casesAtIntake
 * @param reliableRecoveryRate    recovered and reliably improved ÷ casesAtIntake
 */
public record InstrumentOutcomes(long clients, BigDecimal reliableImprovementRate, BigDecimal deteriorationRate,
                                 long casesAtIntake, BigDecimal recoveryRate, BigDecimal reliableRecoveryRate) {}
