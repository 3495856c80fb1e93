package dev.rapport.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real broker the tests use (started by ./platform), and a way to put records on it.
 *
 * <p>Against the secured broker ({@code RAPPORT_KAFKA_SECURITY=sasl_ssl ./platform ...}: SASL_SSL,
 * SCRAM-SHA-512, ACLs) the tests' own clients are the super user, and a service process a test
 * starts is its own Kafka user: ./platform writes each user's client settings into
 * {@code RAPPORT_KAFKA_CLIENTS/<user>.properties}.
 */
public final class TestKafka {

    /** The secured broker's super user (./platform's tooling, the tests' readers and writers). */
    public static final String SUPER_USER = "admin";

    private TestKafka() {}

    public static String bootstrapServers() {
        String fromEnv = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return System.getProperty("kafka.bootstrap.servers", fromEnv != null ? fromEnv : "127.0.0.1:9092");
    }

    /** Whether the broker is the secured one (SASL_SSL with ACLs). */
    public static boolean secured() {
        return "sasl_ssl".equals(System.getenv("RAPPORT_KAFKA_SECURITY"));
    }

    /** The settings of a test's own client: the broker's address and, when secured, the super user's credentials. */
    public static Properties clientProperties() {
        return clientProperties(SUPER_USER);
    }

    /** The settings of a client of the given Kafka user (secured broker), or of any client (plaintext). */
    public static Properties clientProperties(String user) {
        Properties props = new Properties();
        if (secured()) {
            String dir = System.getenv("RAPPORT_KAFKA_CLIENTS");
            if (dir == null) {
                throw new IllegalStateException("RAPPORT_KAFKA_SECURITY=sasl_ssl without RAPPORT_KAFKA_CLIENTS"
                        + " (the directory of the users' client settings, set by ./platform test/e2e)");
            }
            try (InputStream in = Files.newInputStream(Path.of(dir, user + ".properties"))) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("No Kafka client settings of user " + user + " in " + dir, e);
            }
        }
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /**
     * The environment that gives a service process its own Kafka user's settings, as ./platform
     * gives them ({@code security.protocol} as {@code KAFKA_SECURITY_PROTOCOL}); empty when plaintext.
     */
    public static Map<String, String> serviceEnvironment(String service) {
        Map<String, String> environment = new TreeMap<>();
        if (secured()) {
            clientProperties(service).forEach((name, value) -> environment.put(
                    "KAFKA_" + name.toString().toUpperCase(Locale.ROOT).replace('.', '_'), value.toString()));
        }
        return environment;
    }

    /**
     * A string producer's settings: acknowledged by every replica, and sending to the tests' own
     * topics where the module tests have them ({@link TestTopics}).
     */
    public static Properties producerProperties() {
        Properties props = clientProperties();
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
