package dev.rapport.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** A dead letter is the poison record as it came (key, value, every header) plus where and why. */
class DeadLettersTest {

    @Test
    void thePoisonGoesUnchangedWithTheReasonAndItsOriginAdded() {
        List<Message<String>> sent = new ArrayList<>();
        DeadLetters deadLetters = new DeadLetters(emitter(sent));
        ConsumerRecord<String, String> poison = new ConsumerRecord<>("session-events", 3, 42L, "counsellor-key", "{not json");
        Map<String, String> ce = Map.of("ce_id", "e1", "ce_type", "rapport.session.ended.v1", "ce_source", "session-service",
                "ce_subject", "s1", "ce_specversion", "1.0", "ce_time", "2026-12-01T10:00:00Z");
        ce.forEach((name, value) -> poison.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));

        deadLetters.send("analytics-service.session-events-dlq", List.of(new DeadLetters.Poison(poison, "Unexpected character ('n')")))
                .await().atMost(Duration.ofSeconds(5));

        assertEquals(1, sent.size());
        Message<String> message = sent.get(0);
        assertEquals("{not json", message.getPayload());
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("analytics-service.session-events-dlq", metadata.getTopic());
        assertEquals("counsellor-key", metadata.getKey());
        Map<String, String> headers = new TreeMap<>();
        for (Header header : metadata.getHeaders()) {
            assertFalse(headers.containsKey(header.key()), "one header " + header.key());
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        Map<String, String> expected = new TreeMap<>(ce);
        expected.put("dead-letter-reason", "Unexpected character ('n')");
        expected.put("dead-letter-topic", "session-events");
        expected.put("dead-letter-partition", "3");
        expected.put("dead-letter-offset", "42");
        assertEquals(expected, headers);
    }

    @Test
    void nothingToSendSendsNothing() {
        List<Message<String>> sent = new ArrayList<>();
        new DeadLetters(emitter(sent)).send("any-dlq", List.of()).await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of(), sent);
    }

    @SuppressWarnings("unchecked")
    private static MutinyEmitter<String> emitter(List<Message<String>> sent) {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(DeadLettersTest.class.getClassLoader(), new Class<?>[] {MutinyEmitter.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sendMessage")) {
                        sent.add((Message<String>) args[0]);
                        return Uni.createFrom().voidItem();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
