package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a definition must satisfy beyond being well-formed JSON. They exist so that the
 * scorer can trust a definition (every form it accepts then scores inside 0–100) and so that no
 * definition, bundled or an organisation's, can switch off the PHQ-9 safety alert.
 */
public final class InstrumentDefinitionValidator {

    // Ids appear in URL paths (/api/instruments/{id}) and in violation fields (answers.{item}).
    private static final Pattern INSTRUMENT_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern FLAG = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> CODE_TARGETS = Set.of(Code.PANEL, Code.TOTAL, Code.DIFFICULTY);

    // The safety pathway (docs/domain.md): PHQ-9 item 9 answered above 0 is a possible risk to life. The
    // rule is data like every risk item, so an organisation's phq-9.json could drop or loosen it;
    // checking it here refuses such a file at start-up instead of silently losing safety alerts.
    private static final String SAFETY_INSTRUMENT = "phq-9";
    private static final String SAFETY_ITEM = "9";

    private InstrumentDefinitionValidator() {
    }

    /**
     * @param source names the definition in the exception, e.g. "instruments/srs.json"
     * @throws InvalidInstrumentDefinitionException at the first broken rule
     */
    public static void validate(String source, InstrumentDefinition definition) {
        new Check(source).definition(definition);
    }

    private record Check(String source) {

        void definition(InstrumentDefinition d) {
            require(INSTRUMENT_ID.matcher(d.id()).matches(), "id",
                    "must be lower-case letters and digits separated by single hyphens, e.g. \"phq-9\"");
            notBlank(d.version(), "version");
            notBlank(d.title(), "title");
            notBlank(d.licence(), "licence");
            if (d.stem() != null) {
                notBlank(d.stem(), "stem");
            }
            items(d);
            scale(d.scale());
            maxNotApplicable(d);
            subscales(d);
            itemSubscales(d);
            normalization(d);
            cutoffs(d.cutoffs());
            bands(d);
            riskItems(d);
            safetyRule(d);
            reliableChange(d);
            codes(d);
        }

        private void items(InstrumentDefinition d) {
            require(!d.items().isEmpty(), "items", "must contain at least one item");
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < d.items().size(); i++) {
                Item item = d.items().get(i);
                String path = "items[" + i + "]";
                require(ITEM_ID.matcher(item.id()).matches(), path + ".id",
                        "must consist of letters, digits, '-' or '_'");
                Integer earlier = seen.putIfAbsent(item.id(), i);
                require(earlier == null, path + ".id",
                        "duplicates items[" + earlier + "].id \"" + item.id() + "\"");
                if (item.text() != null) {
                    notBlank(item.text(), path + ".text");
                }
                if (item.label() != null) {
                    notBlank(item.label(), path + ".label");
                }
            }
        }

        private void scale(Scale s) {
            require(s.step().compareTo(Scale.INTEGER_STEP) == 0 || s.step().compareTo(Scale.ONE_DECIMAL_STEP) == 0,
                    "scale.step", "must be 1 or 0.1");
            require(isMultiple(s.min(), s.step()), "scale.min", "must be a multiple of scale.step");
            require(isMultiple(s.max(), s.step()), "scale.max", "must be a multiple of scale.step");
            require(s.min().compareTo(s.max()) < 0, "scale.min", "must be less than scale.max");
            Set<BigDecimal> values = new HashSet<>();
            for (int i = 0; i < s.labels().size(); i++) {
                AnswerLabel label = s.labels().get(i);
                String path = "scale.labels[" + i + "]";
                require(label.value().compareTo(s.min()) >= 0 && label.value().compareTo(s.max()) <= 0
                        && isMultiple(label.value(), s.step()), path + ".value", "must be a possible answer");
                require(values.add(label.value().stripTrailingZeros()), path + ".value", "is labelled twice");
                notBlank(label.label(), path + ".label");
            }
        }

        private void maxNotApplicable(InstrumentDefinition d) {
            int max = d.maxNotApplicable();
            require(max >= 0, "maxNotApplicable", "must not be negative");
            require(d.scale().notApplicable() || max == 0, "maxNotApplicable",
                    "must be 0 when scale.notApplicable is false");
            // At least one answered item is needed to impute the others from their mean.
            require(max < d.items().size(), "maxNotApplicable",
                    "must be less than the number of items (" + d.items().size() + ")");
        }

        private void subscales(InstrumentDefinition d) {
            for (Map.Entry<String, List<String>> subscale : d.subscales().entrySet()) {
                String path = "subscales." + subscale.getKey();
                notBlank(subscale.getKey(), "subscales");
                require(!subscale.getValue().isEmpty(), path, "must name at least one item");
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < subscale.getValue().size(); i++) {
                    String itemId = subscale.getValue().get(i);
                    require(d.item(itemId).isPresent(), path + "[" + i + "]",
                            "names unknown item \"" + itemId + "\"");
                    require(seen.add(itemId), path + "[" + i + "]", "names item \"" + itemId + "\" twice");
                }
            }
        }

        private void itemSubscales(InstrumentDefinition d) {
            for (int i = 0; i < d.items().size(); i++) {
                Item item = d.items().get(i);
                if (item.subscale() == null) {
                    continue;
                }
                List<String> members = d.subscales().get(item.subscale());
                require(members != null, "items[" + i + "].subscale",
                        "names unknown subscale \"" + item.subscale() + "\"");
                require(members.contains(item.id()), "items[" + i + "].subscale",
                        "is \"" + item.subscale() + "\" but subscales." + item.subscale()
                                + " does not list item \"" + item.id() + "\"");
            }
        }

        private void normalization(InstrumentDefinition d) {
            // For a sum the range of the total follows from the items; stating it in the file keeps
            // the formula readable, checking it keeps normalised scores inside 0–100.
            BigDecimal count = BigDecimal.valueOf(d.items().size());
            Normalization n = d.scoring().normalization();
            BigDecimal expectedMin = count.multiply(d.scale().min());
            BigDecimal expectedMax = count.multiply(d.scale().max());
            require(n.min().compareTo(expectedMin) == 0, "scoring.normalization.min",
                    "must be " + expectedMin.toPlainString() + " (" + d.items().size() + " items × scale.min)");
            require(n.max().compareTo(expectedMax) == 0, "scoring.normalization.max",
                    "must be " + expectedMax.toPlainString() + " (" + d.items().size() + " items × scale.max)");
        }

        private void cutoffs(List<Cutoff> cutoffs) {
            for (int i = 0; i < cutoffs.size(); i++) {
                flag(cutoffs.get(i).flag(), "cutoffs[" + i + "].flag");
            }
        }

        private void bands(InstrumentDefinition d) {
            List<Band> bands = d.bands();
            if (bands.isEmpty()) {
                return;
            }
            Normalization n = d.scoring().normalization();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < bands.size(); i++) {
                Band band = bands.get(i);
                String path = "bands[" + i + "]";
                notBlank(band.name(), path + ".name");
                require(names.add(band.name()), path + ".name", "duplicates another band's name");
                require(band.min().compareTo(band.max()) <= 0, path + ".min", "must not exceed " + path + ".max");
                if (i == 0) {
                    require(band.min().compareTo(n.min()) == 0, path + ".min",
                            "must be the lowest total, " + n.min().toPlainString());
                } else {
                    BigDecimal expected = bands.get(i - 1).max().add(d.scale().step());
                    require(band.min().compareTo(expected) == 0, path + ".min",
                            "must be " + expected.toPlainString() + " so that bands leave no gap and do not overlap");
                }
            }
            require(bands.get(bands.size() - 1).max().compareTo(n.max()) == 0, "bands[" + (bands.size() - 1) + "].max",
                    "must be the highest total, " + n.max().toPlainString());
        }

        private void riskItems(InstrumentDefinition d) {
            for (int i = 0; i < d.riskItems().size(); i++) {
                RiskItem risk = d.riskItems().get(i);
                require(d.item(risk.item()).isPresent(), "riskItems[" + i + "].item",
                        "names unknown item \"" + risk.item() + "\"");
                flag(risk.flag(), "riskItems[" + i + "].flag");
            }
        }

        /**
         * Any risk item that is raised by exactly the possible answers above 0 will do: "greaterThan
         * 0" as bundled, or e.g. "atLeast 1" on the integer scale. One that is also raised by 0 is
         * refused too, because an alert on every form would bury the real ones.
         */
        private void safetyRule(InstrumentDefinition d) {
            if (!d.id().equals(SAFETY_INSTRUMENT)) {
                return;
            }
            List<BigDecimal> answers = possibleAnswers(d.scale());
            boolean kept = d.riskItems().stream().anyMatch(risk -> risk.item().equals(SAFETY_ITEM)
                    && risk.flag().equals(RiskItem.SAFETY_FLAG)
                    && answers.stream().allMatch(answer -> risk.isRaisedBy(answer) == (answer.signum() > 0)));
            require(kept, "riskItems", "must include { \"item\": \"" + SAFETY_ITEM
                    + "\", \"comparison\": \"greaterThan\", \"value\": 0, \"flag\": \"" + RiskItem.SAFETY_FLAG
                    + "\" } or a rule raised by exactly the same answers: the safety rule of " + SAFETY_INSTRUMENT
                    + " cannot be configured away");
        }

        private void reliableChange(InstrumentDefinition d) {
            ReliableChangeRule rule = d.reliableChange();
            if (rule == null) {
                return;
            }
            require(rule.minimumChange().signum() > 0, "reliableChange.minimumChange", "must be positive");
            ChangeDirection expected = d.scoring().normalization().direction() == Direction.HIGHER_BETTER
                    ? ChangeDirection.INCREASE : ChangeDirection.DECREASE;
            require(rule.improvement() == expected, "reliableChange.improvement",
                    "must be \"" + expected.jsonName() + "\" for a " + d.scoring().normalization().direction().jsonName()
                            + " instrument");
        }

        private void codes(InstrumentDefinition d) {
            // An exported Observation is looked up by (system, target) and read back by (system,
            // code): either given twice would make one of the two ambiguous.
            Map<String, Integer> targets = new HashMap<>();
            Map<String, Integer> codes = new HashMap<>();
            for (int i = 0; i < d.codes().size(); i++) {
                Code code = d.codes().get(i);
                String path = "codes[" + i + "]";
                notBlank(code.system(), path + ".system");
                notBlank(code.code(), path + ".code");
                notBlank(code.of(), path + ".of");
                require(CODE_TARGETS.contains(code.of()) || d.item(code.of()).isPresent(), path + ".of",
                        "names unknown target \"" + code.of() + "\": must be an item id, \"" + Code.PANEL + "\", \""
                                + Code.TOTAL + "\" or \"" + Code.DIFFICULTY + "\"");
                Integer sameTarget = targets.putIfAbsent(code.system() + " " + code.of(), i);
                require(sameTarget == null, path + ".of",
                        "\"" + code.of() + "\" already has a code of " + code.system() + " in codes[" + sameTarget + "]");
                Integer sameCode = codes.putIfAbsent(code.system() + " " + code.code(), i);
                require(sameCode == null, path + ".code",
                        "\"" + code.code() + "\" is already used by codes[" + sameCode + "]");
            }
        }

        private void flag(String flag, String path) {
            require(FLAG.matcher(flag).matches(), path, "must be upper-case letters, digits and '_', e.g. BELOW_CUTOFF");
        }

        private void notBlank(String value, String path) {
            require(value != null && !value.isBlank(), path, "must not be blank");
        }

        private void require(boolean condition, String field, String problem) {
            if (!condition) {
                throw new InvalidInstrumentDefinitionException(source, field, problem);
            }
        }

        private static boolean isMultiple(BigDecimal value, BigDecimal step) {
            return value.remainder(step).signum() == 0;
        }

        /** Every answer a client can give on {@code scale}, from min to max; the scale is already checked. */
        private static List<BigDecimal> possibleAnswers(Scale scale) {
            List<BigDecimal> answers = new ArrayList<>();
            for (BigDecimal answer = scale.min(); answer.compareTo(scale.max()) <= 0; answer = answer.add(scale.step())) {
                answers.add(answer);
            }
            return answers;
        }
    }
}
