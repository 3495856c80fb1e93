package dev.rapport.e2e;

import dev.rapport.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The broker of the running platform as a test reads it: every record of every topic, and its consumer groups. */
final class Topics {

    /** One record: where it is, its key and value (null for a tombstone) and everything it carries as one text. */
    record Entry(String topic, int partition, long offset, String key, String value, String text) {
        String where() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    private Topics() {}

    /** Every record of every topic (dead-letter and internal topics included) up to the end offsets as of this call. */
    static List<Entry> everyRecord() throws Exception {
        List<Entry> all = new ArrayList<>();
        try (Admin admin = admin(); KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            Set<String> topics = admin.listTopics().names().get();
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the topics were not read to their end offsets within 2 minutes");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder text = new StringBuilder().append(record.key()).append(' ').append(record.value());
                    for (Header header : record.headers()) {
                        text.append(' ').append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8));
                    }
                    all.add(new Entry(record.topic(), record.partition(), record.offset(), record.key(), record.value(), text.toString()));
                }
            }
        }
        return all;
    }

    /** The member ids of a consumer group now. */
    static Set<String> members(String group) throws Exception {
        try (Admin admin = admin()) {
            return Set.copyOf(describe(admin, group).members().stream().map(MemberDescription::consumerId).toList());
        }
    }

    /**
     * Whether each group is stable with at least one member, every member has partitions and none
     * of them is one of the given members (say, those of an instance that was killed: its place in
     * the group is kept until its session times out, and the group cannot settle before).
     */
    static boolean settled(Collection<String> groups, Set<String> gone) throws Exception {
        try (Admin admin = admin()) {
            for (String group : groups) {
                ConsumerGroupDescription description = describe(admin, group);
                if (description.groupState() != GroupState.STABLE || description.members().isEmpty()
                        || description.members().stream().anyMatch(m -> gone.contains(m.consumerId())
                                || m.assignment().topicPartitions().isEmpty())) {
                    return false;
                }
            }
            return true;
        }
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    }

    private static Admin admin() {
        return Admin.create(TestKafka.clientProperties());
    }

    private static Properties consumerProperties() {
        Properties props = TestKafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-scan-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }
}
