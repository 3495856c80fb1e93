package dev.rapport.platform.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A binary-mode CloudEvent as a consumer reads it: the ce_* headers it relies on and its JSON
 * data. A record that is not such an event is poison: {@link #read} throws, and the record goes
 * to the consumer's dead-letter topic (by the connector's failure strategy for a consumer of
 * single records, by the consumer itself for a batch consumer) while the consumer carries on.
 */
public record IncomingEvent(UUID id, String type, String subject, String data) {

    /** Consumers read tolerantly: a field added by a newer producer is ignored, not fatal. */
    private static final ObjectMapper TOLERANT = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static IncomingEvent read(ConsumerRecord<String, String> record) {
        String id = header(record, "ce_id");
        String type = header(record, "ce_type");
        if (id == null || type == null || record.value() == null) {
            throw new PoisonEventException("not a CloudEvent: ce_id, ce_type or data missing");
        }
        try {
            return new IncomingEvent(UUID.fromString(id), type, header(record, "ce_subject"), record.value());
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("ce_id is not a UUID");
        }
    }

    /** The data as the consumer's own view of the event; fields it needs must be there. */
    public <T> T data(Class<T> view) {
        try {
            T value = TOLERANT.readValue(data, view);
            if (value == null) {
                throw new PoisonEventException(type + " has no data");
            }
            return value;
        } catch (java.io.IOException e) {
            // The reason names the failure, never the data: it may hold health data.
            throw new PoisonEventException(type + " data is not readable as " + view.getSimpleName() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Why a record went to the dead-letter topic (its message becomes the dead-letter-reason header). */
    public static class PoisonEventException extends RuntimeException {
        public PoisonEventException(String message) {
            super(message, null, false, false);
        }
    }

}
