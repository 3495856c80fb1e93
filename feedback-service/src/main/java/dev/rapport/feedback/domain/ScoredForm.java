package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The score of one valid form.
 *
 * @param total      the sum of the answers, or null when not scorable. Exact (scale of the
 *                   instrument's step) unless "does not apply" answers were imputed, then
 *                   rounded to two decimals half-up
 * @param subscales  subscale name → score, in definition order; empty when the instrument has
 *                   none or the form is not scorable
 * @param normalized 0–100 with two decimals (half-up), 100 at the good end, or null when not scorable
 * @param scorable   false when too many items do not apply; such a form is stored but excluded
 *                   from every figure
 * @param flags      sorted, distinct, e.g. ["BELOW_CUTOFF", "SAFETY_ITEM"]
 * @param band       the name of the band the total falls in, or null
 * @param risks      the risk items the answers raised, in definition order (also on a form that
 *                   is not scorable)
 */
public record ScoredForm(
        String instrumentId,
        String instrumentVersion,
        Construct construct,
        BigDecimal total,
        Map<String, SubscaleScore> subscales,
        BigDecimal normalized,
        boolean scorable,
        List<String> flags,
        String band,
        List<RaisedRisk> risks) {

    public ScoredForm {
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(instrumentVersion, "instrumentVersion");
        Objects.requireNonNull(construct, "construct");
        subscales = Collections.unmodifiableMap(new LinkedHashMap<>(subscales));
        flags = flags.stream().distinct().sorted().toList();
        risks = List.copyOf(risks);
    }
}
