package dev.rapport.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rapport.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Against the secured broker (RAPPORT_KAFKA_SECURITY=sasl_ssl: SASL_SSL, SCRAM-SHA-512, the KRaft
 * StandardAuthorizer), a service's Kafka user holds its own rights and no others: session-service
 * may not write feedback-events, read alerts or join feedback-service's group, while the same
 * client may describe and read what is its own. And the rights the local broker gives are those of
 * the KafkaUsers of deploy/kubernetes (topics exactly; groups covered by the KafkaUser's).
 */
@EnabledIfEnvironmentVariable(named = "RAPPORT_KAFKA_SECURITY", matches = "sasl_ssl")
class KafkaAclsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final List<String> SERVICES = List.of("session-service", "feedback-service", "analytics-service");

    @Test
    void sessionServiceIsRefusedWritingFeedbackEvents() throws Exception {
        Properties props = TestKafka.clientProperties("session-service");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) DEADLINE.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            // its own topic: authenticated over TLS, and allowed to see it
            assertEquals(6, producer.partitionsFor("session-events").size());

            ExecutionException refused = assertThrows(ExecutionException.class, () -> producer
                    .send(new ProducerRecord<>("feedback-events", "acl-test", "not an event"))
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            TopicAuthorizationException cause = assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
            assertEquals(Set.of("feedback-events"), cause.unauthorizedTopics());
        }
    }

    @Test
    void sessionServiceIsRefusedReadingAlertsButReadsErasures() {
        try (KafkaConsumer<String, String> consumer = consumer("session-service", null)) {
            // erasures is one of its topics: partitions described, offsets listed, fetched without error
            List<TopicPartition> erasures = consumer.partitionsFor("erasures", DEADLINE).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            assertEquals(6, erasures.size());
            consumer.assign(erasures);
            consumer.seekToEnd(erasures);
            erasures.forEach(consumer::position);
            consumer.poll(Duration.ofMillis(500));

            TopicPartition alerts = new TopicPartition("alerts", 0);
            consumer.assign(List.of(alerts));
            consumer.seekToBeginning(List.of(alerts));
            TopicAuthorizationException refused = assertThrows(TopicAuthorizationException.class,
                    () -> pollUntilDeadline(consumer));
            assertEquals(Set.of("alerts"), refused.unauthorizedTopics());
        }
    }

    @Test
    void sessionServiceMayNotJoinAnotherServicesGroup() {
        try (KafkaConsumer<String, String> consumer = consumer("session-service", "feedback-service")) {
            consumer.subscribe(List.of("erasures"));
            GroupAuthorizationException refused = assertThrows(GroupAuthorizationException.class,
                    () -> pollUntilDeadline(consumer));
            assertEquals("feedback-service", refused.groupId());
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Properties props = TestKafka.clientProperties("session-service");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"session-service\" password=\"" + UUID.randomUUID() + "\";");
        props.put("default.api.timeout.ms", (int) DEADLINE.toMillis());
        try (Admin admin = Admin.create(props)) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        }
    }

    /**
     * Each service's topic ACLs on the broker are exactly its KafkaUser's in
     * deploy/kubernetes/base/kafka/users.yaml, and each group ACL is one the KafkaUser has or
     * covers with a prefix (the broker's come from deploy/topology.yaml, which names each group).
     */
    @Test
    void theBrokersAclsAreTheKafkaUsers() throws Exception {
        List<JsonNode> users = new ArrayList<>();
        new YAMLMapper().readValues(new YAMLMapper().getFactory()
                        .createParser(ServiceInstance.ROOT.resolve("deploy/kubernetes/base/kafka/users.yaml").toFile()),
                JsonNode.class).forEachRemaining(users::add);
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            for (String service : SERVICES) {
                JsonNode user = users.stream().filter(u -> u.path("kind").asText().equals("KafkaUser")
                        && u.path("metadata").path("name").asText().equals(service)).findFirst().orElseThrow();
                Set<String> expectedTopics = new TreeSet<>();
                List<JsonNode> expectedGroups = new ArrayList<>();
                for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    if (resource.path("type").asText().equals("topic")) {
                        assertEquals("literal", resource.path("patternType").asText("literal"), "topic ACLs are literal");
                        acl.path("operations").forEach(op -> expectedTopics.add(
                                resource.path("name").asText() + " " + op.asText().toUpperCase()));
                    } else if (resource.path("type").asText().equals("group")) {
                        expectedGroups.add(resource);
                    }
                }

                List<AclBinding> granted = List.copyOf(admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter("User:" + service, null, AclOperation.ANY, AclPermissionType.ANY)))
                        .values().get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                assertTrue(granted.stream().allMatch(b -> b.entry().permissionType() == AclPermissionType.ALLOW
                        && b.entry().host().equals("*")), service + ": " + granted);
                Set<String> topics = granted.stream().filter(b -> b.pattern().resourceType() == ResourceType.TOPIC)
                        .peek(b -> assertEquals(PatternType.LITERAL, b.pattern().patternType(), b.toString()))
                        .map(b -> b.pattern().name() + " " + b.entry().operation().name())
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(expectedTopics, topics, service + "'s topic ACLs");

                List<AclBinding> groups = granted.stream().filter(b -> b.pattern().resourceType() == ResourceType.GROUP).toList();
                assertTrue(!groups.isEmpty(), service + " reads as a group");
                for (AclBinding group : groups) {
                    assertEquals(AclOperation.READ, group.entry().operation(), group.toString());
                    assertTrue(expectedGroups.stream().anyMatch(g -> covers(g, group)),
                            service + ": " + group + " is not covered by its KafkaUser's groups " + expectedGroups);
                }
                assertEquals(granted.size(), topics.size() + groups.size(), service + ": only topic and group ACLs");
            }
        }
    }

    private static boolean covers(JsonNode kafkaUserGroup, AclBinding granted) {
        String name = kafkaUserGroup.path("name").asText();
        boolean prefix = kafkaUserGroup.path("patternType").asText("literal").equals("prefix");
        return prefix ? granted.pattern().name().startsWith(name)
                : granted.pattern().patternType() == PatternType.LITERAL && granted.pattern().name().equals(name);
    }

    private static KafkaConsumer<String, String> consumer(String user, String group) {
        Properties props = TestKafka.clientProperties(user);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(props);
    }

    /** Polls until the deadline: what the broker refuses is thrown by a poll. */
    private static void pollUntilDeadline(KafkaConsumer<String, String> consumer) {
        Instant end = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(end)) {
            consumer.poll(Duration.ofMillis(200));
        }
    }
}
