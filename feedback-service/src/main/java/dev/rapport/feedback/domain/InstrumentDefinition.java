package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to show, validate and score one questionnaire, read from a definition file
 * ({@code instruments/*.json} or an organisation's directory). Scoring is driven only by this
 * data, so an organisation's own instrument scores without code changes.
 *
 * @param administered     at the start or the end of a session
 * @param licence          who owns the instrument and on what terms it is used
 * @param stem             the question that precedes all items, or null
 * @param maxNotApplicable how many "does not apply" answers a form may have and still be scored
 * @param subscales        subscale name → item ids, in definition order
 * @param bands            named ranges of the total, ascending, possibly empty
 * @param caseness         when a total is in the clinical range (outcome instruments), or null
 * @param reliableChange   the rule for outcome instruments, or null
 * @param codes            codes in external terminologies (LOINC) for the panel, items, total
 */
public record InstrumentDefinition(
        String id,
        String version,
        String title,
        Construct construct,
        Administered administered,
        String licence,
        String stem,
        List<Item> items,
        Scale scale,
        int maxNotApplicable,
        Map<String, List<String>> subscales,
        Scoring scoring,
        List<Cutoff> cutoffs,
        List<Band> bands,
        List<RiskItem> riskItems,
        Caseness caseness,
        ReliableChangeRule reliableChange,
        List<Code> codes) {

    public InstrumentDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(construct, "construct");
        Objects.requireNonNull(administered, "administered");
        Objects.requireNonNull(licence, "licence");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(scoring, "scoring");
        items = List.copyOf(items);
        Map<String, List<String>> orderedSubscales = new LinkedHashMap<>();
        subscales.forEach((name, ids) -> orderedSubscales.put(name, List.copyOf(ids)));
        subscales = Collections.unmodifiableMap(orderedSubscales);
        cutoffs = List.copyOf(cutoffs);
        bands = List.copyOf(bands);
        riskItems = List.copyOf(riskItems);
        codes = List.copyOf(codes);
    }

    public Optional<Item> item(String itemId) {
        return items.stream().filter(i -> i.id().equals(itemId)).findFirst();
    }

    /** The cut-offs that make a form "of concern" for the rupture rule (domain.md), in definition order. */
    public List<Cutoff> concernRule() {
        return cutoffs.stream().filter(Cutoff::concern).toList();
    }

    /**
     * Compares a client's first and latest total on this instrument; empty when the instrument
     * has no reliable-change rule (alliance and empathy instruments).
     */
    public Optional<ReliableChange> reliableChange(BigDecimal firstTotal, BigDecimal latestTotal) {
        return Optional.ofNullable(reliableChange).map(rule -> rule.evaluate(firstTotal, latestTotal));
    }
}
