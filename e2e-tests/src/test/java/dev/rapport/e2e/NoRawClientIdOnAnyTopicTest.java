package dev.rapport.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rapport.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Privacy end to end (docs/privacy.md): after whatever the platform has been through, no record on
 * any topic, dead-letter topics included, carries a demo client's raw id, in its key, value or
 * headers.
 */
class NoRawClientIdOnAnyTopicTest {

    /** The client accounts of deploy/keycloak/rapport-realm.json, used by the e2e scenarios. */
    private static final List<String> CLIENTS = List.of(Platform.CLIENT1.toString(),
            "33333333-3333-4333-8333-333333333332", "33333333-3333-4333-8333-333333333333");

    @Test
    void noTopicRecordCarriesARawClientId() throws Exception {
        List<String> found = new ArrayList<>();
        long scanned = 0;
        try (Admin admin = Admin.create(TestKafka.clientProperties());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            Set<String> topics = admin.listTopics().names().get();
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    scanned++;
                    StringBuilder text = new StringBuilder().append(record.key()).append(' ').append(record.value());
                    for (Header header : record.headers()) {
                        text.append(' ').append(new String(header.value(), StandardCharsets.UTF_8));
                    }
                    CLIENTS.stream().filter(id -> text.indexOf(id) >= 0)
                            .forEach(id -> found.add(record.topic() + "-" + record.partition() + "@" + record.offset()));
                }
            }
        }
        System.out.printf("scanned %d records of every topic for raw client ids%n", scanned);
        assertEquals(List.of(), found, "records with a raw client id");
    }

    private static Properties consumerProperties() {
        Properties props = TestKafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-privacy-scan-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }
}
