package dev.rapport.feedback.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.feedback.persistence.FeedbackRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

@ApplicationScoped
class FeedbackMapper {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final ObjectMapper json;

    FeedbackMapper(ObjectMapper json) {
        this.json = json;
    }

    FeedbackJson toJson(FeedbackRecord f, boolean withComment) {
        List<String> flags = f.flags.isEmpty() ? List.of() : Arrays.asList(f.flags.split(","));
        return new FeedbackJson(f.id, f.sessionId, f.instrumentId, f.instrumentVersion, read(f.answers), f.total,
                read(f.subscales), f.normalized, f.scorable, flags, f.band, withComment ? f.comment : null, f.submittedAt,
                null, null);
    }

    private Map<String, Object> read(String value) {
        try {
            return json.readValue(value, MAP);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
