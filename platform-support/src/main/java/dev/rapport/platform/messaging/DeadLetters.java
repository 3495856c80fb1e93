package dev.rapport.platform.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends unreadable records to a consumer's dead-letter topic, one record at a time. The consumers
 * read in batches, and the connector's own dead-letter strategy would send the whole batch; here
 * only the poison goes, unchanged (key, value, headers), with the connector's dead-letter-reason,
 * -topic, -partition and -offset headers added. The reason is the exception's message, never
 * the record's data (it may hold health data).
 */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<String> broker;

    public DeadLetters(@Channel("dead-letters") MutinyEmitter<String> broker) {
        this.broker = broker;
    }

    /** A record and why it cannot be read. */
    public record Poison(ConsumerRecord<String, String> record, String reason) {
    }

    /** Completes once the broker has acknowledged every record. */
    public Uni<Void> send(String topic, List<Poison> poison) {
        if (poison.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(poison)
                .onItem().transformToUniAndConcatenate(p -> broker.sendMessage(message(topic, p)))
                .collect().last()
                .replaceWithVoid();
    }

    private static Message<String> message(String topic, Poison poison) {
        ConsumerRecord<String, String> record = poison.record();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", bytes(String.valueOf(poison.reason())));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        return Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(record.key()).withHeaders(headers).build());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
