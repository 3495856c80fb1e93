package dev.rapport.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The module tests' own topics on the shared broker: {@code test.session-events} beside the
 * platform's {@code session-events}, so that a platform running beside the tests (./platform up,
 * the benchmark's million events) neither feeds the tests' consumers nor is fed by them, and a
 * rebuild under test replays only what tests wrote.
 *
 * <p>The prefix is the configuration property {@value #PREFIX_PROPERTY} of the service under test
 * ({@code %test} profile; a system property of that name overrides it). Without it, as in the
 * end-to-end tests, which watch the services started by ./platform, the names stay as they are. The services
 * under test send through their usual channels and topic names; this class, configured as the
 * Kafka interceptor of the {@code %test} profile, renames each record's topic on its way out.
 * Their consumers read the prefixed names ({@code %test.mp.messaging.incoming.*.topic}).
 * Created on first use, each twin with the partitions and clean-up policy of its original.
 */
public final class TestTopics implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {

    public static final String PREFIX_PROPERTY = "rapport.test.topic-prefix";

    private static final Set<String> ENSURED = new HashSet<>();

    public static String prefix() {
        String property = System.getProperty(PREFIX_PROPERTY);
        if (property != null) {
            return property;
        }
        try {
            return ConfigProvider.getConfig().getOptionalValue(PREFIX_PROPERTY, String.class).orElse("");
        } catch (RuntimeException | LinkageError noConfig) {
            return "";
        }
    }

    /** The name the tests use for the topic the services call {@code topic}. */
    public static String name(String topic) {
        String prefix = prefix();
        if (prefix.isEmpty() || topic.startsWith(prefix)) {
            return topic;
        }
        ensure();
        return prefix + topic;
    }

    /** The name the services use for a topic the tests call {@code topic} (the prefix taken off). */
    public static String unprefixed(String topic) {
        String prefix = prefix();
        return !prefix.isEmpty() && topic.startsWith(prefix) ? topic.substring(prefix.length()) : topic;
    }

    /** Creates the prefixed twin of every topic of the broker that lacks one. */
    public static synchronized void ensure() {
        String prefix = prefix();
        if (prefix.isEmpty() || ENSURED.contains(prefix)) {
            return;
        }
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> originals = names.stream().filter(n -> !n.startsWith(prefix) && !n.startsWith("_")).toList();
            Map<String, TopicDescription> described = admin.describeTopics(originals).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(originals.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String original : originals) {
                if (names.contains(prefix + original)) {
                    continue;
                }
                ConfigEntry cleanup = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, original)).get(TopicConfig.CLEANUP_POLICY_CONFIG);
                missing.add(new NewTopic(prefix + original, described.get(original).partitions().size(), (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanup == null ? "delete" : cleanup.value())));
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ENSURED.add(prefix);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the test topics (prefix " + prefix + ") on " + TestKafka.bootstrapServers(), e);
        }
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Before the client's first request: a consumer subscribing to a twin finds it there.
        ensure();
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        String topic = name(record.topic());
        if (topic.equals(record.topic())) {
            return record;
        }
        return new ProducerRecord<>(topic, record.partition(), record.timestamp(), record.key(), record.value(), record.headers());
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }
}
