package dev.rapport.analytics.domain;

import java.math.BigDecimal;

/**
 * reliableImprovementRate and deteriorationRate of a set of clients, two decimals half-up; both
 * null when no client has two forms of an outcome instrument with a reliable-change rule.
 *
 * @param clients the number of such clients (the denominator)
 */
public record OutcomeRates(long clients, BigDecimal reliableImprovementRate, BigDecimal deteriorationRate) {}
