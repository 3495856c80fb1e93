package dev.rapport.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
 *
 * <p>Every record it hands to a test is checked against the JSON Schema of its {@code ce_type}
 * and the topics docs/asyncapi.yaml puts that type on ({@link EventContracts#assertProduced}): a
 * producer that writes what its schema does not say fails the test that reads it. Not checked:
 * the records of a dead-letter topic (what a consumer could not read, by design) and those of a
 * reader opened with {@link #fromNowRaw} (the relay's own tests, whose rows carry a made-up type).
 * Only what is handed to the test is checked, not every record polled: the broker is shared, and
 * another run's records on the same topic are not this test's to judge.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    private final boolean checked;
    /** The records already checked, by partition and offset. */
    private final Set<String> valid = new java.util.HashSet<>();

    private TopicReader(String name, boolean checked) {
        this.checked = checked && !name.endsWith("-dlq");
        String topic = TestTopics.name(name);
        Properties props = TestKafka.clientProperties();
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

    /** Reads the topic from its current end on; every record returned is checked against its schema. */
    public static TopicReader fromNow(String topic) {
        return new TopicReader(topic, true);
    }

    /**
     * Reads the topic from its current end on without checking the records against any schema:
     * only for records that are not events of the platform (a relay test's made-up rows).
     */
    public static TopicReader fromNowRaw(String topic) {
        return new TopicReader(topic, false);
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
                return check(matching.subList(0, count));
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("Expected " + count + " matching record(s) within " + deadline + ", saw " + matching.size());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    /**
     * Every record the topic holds from "now" on up to its end as of this call: once what had to be
     * published is known to be on the topic (the broker acknowledged it, e.g. the outbox row is
     * marked published, or a later marker record of the same key has been read), the list holds
     * all of it, duplicates included. An end-of-stream condition, not a quiet window.
     */
    public List<ConsumerRecord<String, String>> readToEnd(Duration deadline) {
        Set<TopicPartition> partitions = consumer.assignment();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, deadline);
        Instant end = Instant.now().plus(deadline);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("The topic was not read to its end offsets " + ends + " within " + deadline);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return check(List.copyOf(seen));
    }

    /**
     * Every record up to and including the first one matching {@code marker}, which the test
     * produced after what it counts, with the same key: one key, one partition, so everything
     * before the marker in that partition has been read, duplicates included.
     */
    public List<ConsumerRecord<String, String>> untilMarker(Predicate<ConsumerRecord<String, String>> marker, Duration deadline) {
        ConsumerRecord<String, String> found = await(marker, deadline);
        return check(seen.stream()
                .filter(r -> r.partition() != found.partition() || r.offset() <= found.offset())
                .toList());
    }

    /** The records, each checked against the schema of its type (once), unless this reader does not check. */
    private List<ConsumerRecord<String, String>> check(List<ConsumerRecord<String, String>> records) {
        if (checked) {
            for (ConsumerRecord<String, String> record : records) {
                if (valid.add(record.partition() + "@" + record.offset())) {
                    EventContracts.assertProduced(record);
                }
            }
        }
        return records;
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
