package dev.rapport.analytics.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Topics read from their beginning by a plain consumer: no group, every partition assigned,
 * nothing committed. For the rebuild, which reads up to end offsets it captures itself.
 */
public final class TopicHistory implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A partition that does not move for this long although behind its end: the broker is gone. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;

    /** One batch of records, in offset order per partition. */
    @FunctionalInterface
    public interface Batch {
        void accept(List<ConsumerRecord<String, String>> records) throws Throwable;
    }

    public TopicHistory(String bootstrapServers, List<String> topics, int batchSize) {
        this(bootstrapServers, topics, batchSize, "analytics-service-rebuild");
    }

    public TopicHistory(String bootstrapServers, List<String> topics, int batchSize, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, TIMEOUT).forEach(info -> all.add(new TopicPartition(topic, info.partition())));
        }
        partitions = List.copyOf(all);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The end offsets now: what has been written so far. */
    public Map<TopicPartition, Long> ends() {
        return consumer.endOffsets(partitions, TIMEOUT);
    }

    /** How many records lie between the current positions and {@code ends}. */
    public long behind(Map<TopicPartition, Long> ends) {
        long behind = 0;
        for (TopicPartition partition : partitions) {
            behind += Math.max(0, ends.get(partition) - consumer.position(partition, TIMEOUT));
        }
        return behind;
    }

    /** Reads until every partition has reached {@code ends} (a batch may hold records beyond them). */
    public void readUntil(Map<TopicPartition, Long> ends, Batch batch) throws Throwable {
        long lastProgress = System.nanoTime();
        while (behind(ends) > 0) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            if (records.isEmpty()) {
                if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException("no record read for " + STALL + " although " + behind(ends) + " are left");
                }
                continue;
            }
            lastProgress = System.nanoTime();
            List<ConsumerRecord<String, String>> list = new ArrayList<>(records.count());
            records.forEach(list::add);
            batch.accept(list);
        }
    }

    /**
     * The partitions whose log no longer starts at offset 0 (records below were deleted), with
     * their first offset: a history that cannot be read whole.
     */
    public Map<TopicPartition, Long> truncated() {
        Map<TopicPartition, Long> truncated = new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        consumer.beginningOffsets(partitions, TIMEOUT).forEach((partition, first) -> {
            if (first > 0) {
                truncated.put(partition, first);
            }
        });
        return truncated;
    }

    /** One poll: the records that arrived since the last, handed over if there are any. */
    public void poll(Duration timeout, Batch batch) throws Throwable {
        ConsumerRecords<String, String> records = consumer.poll(timeout);
        if (!records.isEmpty()) {
            List<ConsumerRecord<String, String>> list = new ArrayList<>(records.count());
            records.forEach(list::add);
            batch.accept(list);
        }
    }

    /** Makes a poll in progress (on another thread) return at once with a WakeupException. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
