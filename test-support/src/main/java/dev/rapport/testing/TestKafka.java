package dev.rapport.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The real broker the tests use (started by ./platform), and a way to put records on it. */
public final class TestKafka {

    private TestKafka() {}

    public static String bootstrapServers() {
        String fromEnv = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return System.getProperty("kafka.bootstrap.servers", fromEnv != null ? fromEnv : "127.0.0.1:9092");
    }

    /**
     * A string producer's settings: acknowledged by every replica, and sending to the tests' own
     * topics where the module tests have them ({@link TestTopics}).
     */
    public static Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, TestTopics.class.getName());
        return props;
    }

    /**
     * Sends one event with the given headers and waits for the broker's acknowledgement; the event
     * is first checked against the schema of its {@code ce_type} and its topic
     * ({@link EventContracts#assertFixture}), so a fixture cannot drift from what the producer writes.
     */
    public static void send(String topic, String key, String value, Map<String, String> headers) {
        sendRecord(record(topic, key, value, headers));
    }

    /**
     * Sends one record as it is, unchecked: only for a record meant to be unreadable (a poison
     * record for the dead-letter path, an event that breaks its schema on purpose).
     */
    public static void sendRaw(String topic, String key, String value, Map<String, String> headers) {
        sendRecord(rawRecord(topic, key, value, headers));
    }

    /** An event for a producer of the test's own, checked like {@link #send}'s. */
    public static ProducerRecord<String, String> record(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = rawRecord(topic, key, value, headers);
        EventContracts.assertFixture(record);
        return record;
    }

    /** A record for a producer of the test's own, unchecked like {@link #sendRaw}'s. */
    public static ProducerRecord<String, String> rawRecord(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static void sendRecord(ProducerRecord<String, String> record) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not send a test record to " + record.topic(), e);
        }
    }
}
