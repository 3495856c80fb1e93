package dev.rapport.analytics.domain;

import java.math.BigDecimal;

/**
 * The headline outcome rates of a set of clients in a window, each client judged once by
 * {@link Outcomes#headline}; two decimals half-up, null when there is nothing to divide by.
 *
 * @param clients        the clients judged (the denominator of the first two rates)
 * @param casesAtIntake  of those, cases at intake (the denominator of recoveryRate)
 */
public record OutcomeRates(long clients, BigDecimal reliableImprovementRate, BigDecimal deteriorationRate,
                           long casesAtIntake, BigDecimal recoveryRate) {}
