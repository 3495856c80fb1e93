package dev.rapport.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

final class Json {

    /** Durations in the raw numbers: seconds; instants: ISO-8601, as the services write them. */
    private static final SimpleModule DURATIONS = new SimpleModule().addSerializer(java.time.Duration.class,
            new StdSerializer<>(java.time.Duration.class) {
                @Override
                public void serialize(java.time.Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeNumber(d.toMillis() / 1000.0);
                }
            }).addSerializer(java.time.Instant.class, new StdSerializer<>(java.time.Instant.class) {
                @Override
                public void serialize(java.time.Instant i, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(i.toString());
                }
            });
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).registerModule(DURATIONS);
    private static final ObjectMapper COMPACT = new ObjectMapper().registerModule(DURATIONS);

    private Json() {}

    static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not JSON: " + abbreviate(text, 200), e);
        }
    }

    static String write(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a JWT (not verified: the services verify; the driver only reads its own token's sub). */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return read(new String(Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A view without its asOf: two fingerprints differ only when a figure changed. */
    static String fingerprint(String viewJson) {
        JsonNode node = read(viewJson);
        if (node instanceof ObjectNode object) {
            object.remove("asOf");
        }
        return node.toString();
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        s = s.replaceAll("\\s+", " ");
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
