package dev.rapport.feedback.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds answer maps the way the REST layer receives them from Jackson. */
final class Forms {

    static final InstrumentRegistry BUNDLED = InstrumentRegistry.load(Optional.empty());

    private Forms() {
    }

    static InstrumentDefinition instrument(String id) {
        return BUNDLED.require(id);
    }

    /**
     * "5 4 null 3.5" → {"1": 5, "2": 4, "3": null, "4": 3.5}. Decimals become Doubles and whole
     * numbers Integers, which is what Jackson's default deserialisation of a JSON object yields.
     */
    static Map<String, Object> answers(String values) {
        Map<String, Object> answers = new LinkedHashMap<>();
        String[] tokens = values.trim().split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            answers.put(String.valueOf(i + 1), value(tokens[i]));
        }
        return answers;
    }

    private static Object value(String token) {
        if (token.equals("null")) {
            return null;
        }
        return token.contains(".") ? (Object) Double.valueOf(token) : (Object) Integer.valueOf(token);
    }
}
