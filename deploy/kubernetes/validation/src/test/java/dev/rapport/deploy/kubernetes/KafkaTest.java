package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topics, their replication and the users' ACLs against what the services are configured to use. */
class KafkaTest {

    /** api.md's producers (the event table): the topics a service may write besides its dead-letter topics. */
    static final Map<String, Set<String>> PRODUCES = Map.of(
            "session-service", Set.of("session-events", "client-keys", "erasures"),
            "feedback-service", Set.of("feedback-events", "alerts", "erasures"),
            "analytics-service", Set.of("alerts", "alliance-metrics", "erasures"));

    /** api.md: analytics-service reads its own compacted views back (live streams, per-instance groups). */
    static final Map<String, Set<String>> READS_BACK = Map.of("analytics-service", Set.of("alliance-metrics"));

    static Map<String, JsonNode> topics(Rendered r) {
        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode t : r.ofKind("KafkaTopic")) {
            String name = t.path("spec").path("topicName").asText(Rendered.name(t));
            topics.put(name, t);
            assertEquals("rapport", t.path("metadata").path("labels").path("strimzi.io/cluster").asText(), name + ": cluster label");
        }
        return topics;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void topicsAreThoseOfThePlatformScriptWithTheirPartitionsAndConfigs(String overlay) {
        Map<String, JsonNode> topics = topics(Kustomize.overlay(overlay));
        Map<String, Repo.PlatformTopic> platform = Repo.platformTopics();
        assertEquals(new TreeSet<>(platform.keySet()), topics.keySet(), "KafkaTopics = ./platform's TOPICS");
        platform.forEach((name, p) -> {
            JsonNode spec = topics.get(name).path("spec");
            assertEquals(p.partitions(), spec.path("partitions").asInt(), name + " partitions");
            String policy = p.configs().getOrDefault("cleanup.policy", "delete");
            assertEquals(policy, spec.path("config").path("cleanup.policy").asText("delete"), name + " cleanup.policy");
        });
        Map<String, Integer> compose = Repo.composeTopics();
        Map<String, Integer> partitions = new TreeMap<>();
        topics.forEach((n, t) -> partitions.put(n, t.path("spec").path("partitions").asInt()));
        assertEquals(partitions, new TreeMap<>(compose), "docker-compose.yml's kafka-init creates the same topics");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicAServiceUsesExists(String overlay) {
        Map<String, JsonNode> topics = topics(Kustomize.overlay(overlay));
        List<String> missing = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            Repo.incoming(service).values().forEach(in -> {
                if (!topics.containsKey(in.topic())) {
                    missing.add(service + " reads " + in.topic());
                }
                if (in.deadLetterTopic() != null && !topics.containsKey(in.deadLetterTopic())) {
                    missing.add(service + " dead-letters to " + in.deadLetterTopic());
                }
            });
            Repo.publishedTopicConstants(service).forEach(t -> {
                if (!topics.containsKey(t)) {
                    missing.add(service + " publishes " + t);
                }
            });
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void prodReplicatesThreeTimesAndAcknowledgesOnTwo() {
        Rendered r = Kustomize.overlay("prod");
        topics(r).forEach((name, t) -> {
            assertEquals(3, t.path("spec").path("replicas").asInt(), name);
            assertEquals(2, t.path("spec").path("config").path("min.insync.replicas").asInt(), name);
        });
        int brokers = 0;
        int controllers = 0;
        for (JsonNode pool : r.ofKind("KafkaNodePool")) {
            String roles = pool.path("spec").path("roles").toString();
            int replicas = pool.path("spec").path("replicas").asInt();
            brokers += roles.contains("broker") ? replicas : 0;
            controllers += roles.contains("controller") ? replicas : 0;
        }
        assertEquals(3, brokers, "3 brokers");
        assertEquals(3, controllers, "a KRaft quorum of 3");
        JsonNode config = r.get("Kafka", "rapport").path("spec").path("kafka").path("config");
        assertEquals(3, config.path("default.replication.factor").asInt());
        assertEquals(2, config.path("min.insync.replicas").asInt());
        assertEquals(3, config.path("offsets.topic.replication.factor").asInt());
        assertEquals(false, config.path("auto.create.topics.enable").asBoolean(true));
    }

    @Test
    void devRunsOneNodeWithReplicationFactorOne() {
        Rendered r = Kustomize.overlay("dev");
        topics(r).forEach((name, t) -> {
            assertEquals(1, t.path("spec").path("replicas").asInt(), name);
            assertEquals(1, t.path("spec").path("config").path("min.insync.replicas").asInt(), name);
        });
        List<? extends JsonNode> pools = r.ofKind("KafkaNodePool");
        assertEquals(1, pools.size());
        assertEquals(1, pools.get(0).path("spec").path("replicas").asInt());
        assertEquals("[\"controller\",\"broker\"]", pools.get(0).path("spec").path("roles").toString());
        JsonNode config = r.get("Kafka", "rapport").path("spec").path("kafka").path("config");
        config.fields().forEachRemaining(e -> {
            if (e.getKey().endsWith("replication.factor") || e.getKey().endsWith("min.isr") || e.getKey().equals("min.insync.replicas")) {
                assertEquals(1, e.getValue().asInt(), e.getKey());
            }
        });
    }

    @Test
    void retentionIsChosenForEveryTopic() {
        topics(Kustomize.overlay("prod")).forEach((name, t) -> {
            JsonNode config = t.path("spec").path("config");
            if ("compact".equals(config.path("cleanup.policy").asText())) {
                assertTrue(Set.of("alliance-metrics", "client-keys").contains(name), "only the views and client keys are compacted: " + name);
                assertTrue(config.has("delete.retention.ms"), name + ": tombstone retention");
            } else if (Set.of("session-events", "feedback-events", "erasures").contains(name)) {
                assertEquals(-1, config.path("retention.ms").asLong(), name + ": the rebuild's source of truth is kept for good");
            } else {
                assertTrue(config.has("retention.ms"), name + ": retention.ms set on purpose");
                long days = config.path("retention.ms").asLong() / 86_400_000L;
                assertTrue(days >= 7 && days <= 30, name + ": " + days + " days");
            }
        });
    }

    /** Each service may produce and consume its own topics, and nothing else. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void aclsGrantEachServiceExactlyItsOwnTopics(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        for (String service : Repo.SERVICES) {
            JsonNode user = r.get("KafkaUser", service);
            assertEquals("scram-sha-512", user.path("spec").path("authentication").path("type").asText());
            assertEquals("simple", user.path("spec").path("authorization").path("type").asText());
            Map<String, Set<String>> topicOps = new TreeMap<>();
            Map<String, String> groups = new LinkedHashMap<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode res = acl.path("resource");
                assertEquals("allow", acl.path("type").asText("allow"), service + ": only allow rules");
                Set<String> ops = new TreeSet<>();
                acl.path("operations").forEach(o -> ops.add(o.asText()));
                assertTrue(!ops.contains("All") && !ops.contains("Alter") && !ops.contains("Delete") && !ops.contains("Create"),
                        service + ": no administrative operation " + ops);
                switch (res.path("type").asText()) {
                    case "topic" -> {
                        assertEquals("literal", res.path("patternType").asText(), service + ": topics named one by one");
                        topicOps.computeIfAbsent(res.path("name").asText(), k -> new TreeSet<>()).addAll(ops);
                    }
                    case "group" -> groups.put(res.path("name").asText(), res.path("patternType").asText());
                    default -> throw new AssertionError(service + ": ACL on " + res);
                }
            }

            Set<String> reads = new TreeSet<>(READS_BACK.getOrDefault(service, Set.of()));
            Set<String> writes = new TreeSet<>(PRODUCES.get(service));
            Set<String> consumerGroups = new TreeSet<>();
            Repo.incoming(service).values().forEach(in -> {
                reads.add(in.topic());
                consumerGroups.add(in.group());
                if (in.deadLetterTopic() != null) {
                    writes.add(in.deadLetterTopic());
                }
            });
            writes.addAll(Repo.deadLetterTopicConstants(service));
            assertTrue(writes.containsAll(Repo.publishedTopicConstants(service)),
                    service + ": its code publishes only api.md's topics " + Repo.publishedTopicConstants(service));

            Map<String, Set<String>> expected = new TreeMap<>();
            reads.forEach(t -> expected.computeIfAbsent(t, k -> new TreeSet<>()).addAll(Set.of("Read", "Describe")));
            writes.forEach(t -> expected.computeIfAbsent(t, k -> new TreeSet<>()).addAll(Set.of("Write", "Describe")));
            assertEquals(expected, topicOps, service + ": topic ACLs");

            for (String group : consumerGroups) {
                assertTrue(groups.entrySet().stream().anyMatch(g -> g.getKey().equals(group)
                        || ("prefix".equals(g.getValue()) && group.startsWith(g.getKey()))), service + ": may use group " + group);
            }
            groups.keySet().forEach(g -> assertTrue(g.startsWith(service), service + ": groups are named after the service: " + g));
            if (service.equals("analytics-service")) {
                assertEquals("prefix", groups.get("analytics-service"), "per-instance groups analytics-service-sse-*");
            }
        }
    }
}
