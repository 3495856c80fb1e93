package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KafkaTopics' replication and retention policy. Which topics exist, their partitions and
 * configs, and the users' ACLs are deploy/topology.yaml's ({@link TopologyTest}).
 */
class KafkaTest {

    static Map<String, JsonNode> topics(Rendered r) {
        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode t : r.ofKind("KafkaTopic")) {
            String name = t.path("spec").path("topicName").asText(Rendered.name(t));
            topics.put(name, t);
            assertEquals("rapport", t.path("metadata").path("labels").path("strimzi.io/cluster").asText(), name + ": cluster label");
        }
        return topics;
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
}
