package dev.rapport.feedback.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.feedback.persistence.ClientKey;
import dev.rapport.platform.messaging.BatchConsumption;
import dev.rapport.platform.messaging.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps this service's copy of client-keys (lookup key → reference, docs/privacy.md): a record
 * stores the pair, a tombstone (an erased client) deletes it. Both are idempotent and a key's
 * records keep their order on one partition, so no de-duplication is needed: the batch's latest
 * per key is applied, as compaction would keep it. Retries and dead letters: {@link BatchConsumption}.
 */
@ApplicationScoped
public class ClientKeysConsumer {

    static final String CONSUMER = "feedback.client-keys";
    static final String DEAD_LETTER_TOPIC = "feedback-service.client-keys-dlq";
    private static final Pattern LOOKUP_KEY = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CLIENT_REF = Pattern.compile("[0-9a-f]{32}");

    private final BatchConsumption consumption;
    private final ObjectMapper json;

    public ClientKeysConsumer(BatchConsumption consumption, ObjectMapper json) {
        this.consumption = consumption;
        this.json = json;
    }

    /** A record as read: the lookup key and its reference, null for a tombstone. */
    private record Pair(String lookupKey, String clientRef) {}

    @Incoming("client-keys")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return consumption.consume(CONSUMER, DEAD_LETTER_TOPIC, records, this::read, ClientKeysConsumer::apply);
    }

    private Optional<Pair> read(ConsumerRecord<String, String> record) {
        if (record.key() == null || !LOOKUP_KEY.matcher(record.key()).matches()) {
            throw new IncomingEvent.PoisonEventException("the key is not a lookup key");
        }
        String ref = record.value() == null ? null : clientRef(record.value());
        if (record.value() != null && ref == null) {
            throw new IncomingEvent.PoisonEventException("the data has no clientRef of 32 hex characters");
        }
        return Optional.of(new Pair(record.key(), ref));
    }

    private static Uni<Void> apply(List<Pair> pairs) {
        Map<String, String> latest = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            latest.remove(pair.lookupKey());
            latest.put(pair.lookupKey(), pair.clientRef());
        }
        Map<String, String> stored = new LinkedHashMap<>();
        List<String> erased = new ArrayList<>();
        latest.forEach((key, ref) -> {
            if (ref == null) {
                erased.add(key);
            } else {
                stored.put(key, ref);
            }
        });
        return ClientKey.forget(erased).chain(() -> ClientKey.store(stored));
    }

    private String clientRef(String value) {
        try {
            JsonNode ref = json.readTree(value).path("clientRef");
            return ref.isTextual() && CLIENT_REF.matcher(ref.asText()).matches() ? ref.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
