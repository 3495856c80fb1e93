package dev.rapport.feedback.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.feedback.persistence.ClientKey;
import dev.rapport.platform.messaging.DeadLetters;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps this service's copy of client-keys (lookup key → reference, docs/privacy.md): a record
 * stores the pair, a tombstone (an erased client) deletes it. Both are idempotent and a key's
 * records keep their order on one partition, so no de-duplication is needed: the batch's latest
 * per key is applied, as compaction would keep it.
 */
@ApplicationScoped
public class ClientKeysConsumer {

    static final String DEAD_LETTER_TOPIC = "feedback-service.client-keys-dlq";
    private static final Pattern LOOKUP_KEY = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CLIENT_REF = Pattern.compile("[0-9a-f]{32}");

    private final DeadLetters deadLetters;
    private final ObjectMapper json;

    public ClientKeysConsumer(DeadLetters deadLetters, ObjectMapper json) {
        this.deadLetters = deadLetters;
        this.json = json;
    }

    @Incoming("client-keys")
    @WithTransaction
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        Map<String, String> latest = new LinkedHashMap<>();
        List<DeadLetters.Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.key() == null || !LOOKUP_KEY.matcher(record.key()).matches()) {
                poison.add(new DeadLetters.Poison(record, "the key is not a lookup key"));
                continue;
            }
            String ref = record.value() == null ? null : clientRef(record.value());
            if (record.value() != null && ref == null) {
                poison.add(new DeadLetters.Poison(record, "the data has no clientRef of 32 hex characters"));
                continue;
            }
            latest.remove(record.key());
            latest.put(record.key(), ref);
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
        return deadLetters.send(DEAD_LETTER_TOPIC, poison)
                .chain(() -> ClientKey.forget(erased))
                .chain(() -> ClientKey.store(stored));
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
