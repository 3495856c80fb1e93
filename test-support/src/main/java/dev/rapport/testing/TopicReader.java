package dev.rapport.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain Kafka consumer that reads a topic from "now" on, for tests that assert what a service
 * published: the record key, every header and the payload. No consumer group, no commits.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private TopicReader(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end offsets now, so that records produced after this call are read.
        partitions.forEach(consumer::position);
    }

    /** Reads the topic from its current end on. */
    public static TopicReader fromNow(String topic) {
        return new TopicReader(topic);
    }

    /** The first record (already seen or still to come) matching the predicate; fails after the deadline. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> match, Duration deadline) {
        return awaitAll(match, 1, deadline).get(0);
    }

    /** The first {@code count} records matching, in the order the topic holds them per partition. */
    public List<ConsumerRecord<String, String>> awaitAll(Predicate<ConsumerRecord<String, String>> match, int count, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            List<ConsumerRecord<String, String>> matching = seen.stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching.subList(0, count);
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("Expected " + count + " matching record(s) within " + deadline + ", saw " + matching.size());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    /** Every record seen so far plus whatever arrives within the given quiet time. */
    public List<ConsumerRecord<String, String>> drain(Duration quiet) {
        Instant end = Instant.now().plus(quiet);
        while (Instant.now().isBefore(end)) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Predicate<ConsumerRecord<String, String>> subject(UUID aggregateId) {
        return record -> aggregateId.toString().equals(header(record, "ce_subject"));
    }

    public static Predicate<ConsumerRecord<String, String>> type(String ceType) {
        return record -> ceType.equals(header(record, "ce_type"));
    }

    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new java.util.TreeMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
