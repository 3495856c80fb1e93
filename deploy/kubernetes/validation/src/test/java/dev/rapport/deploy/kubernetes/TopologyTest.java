package dev.rapport.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every place that creates, grants or uses a Kafka topic says what deploy/topology.yaml says:
 * ./platform, docker-compose.yml, the KafkaTopics, the KafkaUsers' ACLs and the services' own
 * configuration and code. A topic is added or changed in topology.yaml first; this test then
 * names each place that still differs.
 */
class TopologyTest {

    private static final Topology TOPOLOGY = Topology.read();

    @Test
    void platformScriptCreatesTheTopicsOfTheTopology() {
        assertEquals(local(), new TreeMap<>(Repo.platformTopics()), "./platform's TOPICS = deploy/topology.yaml (partitions, local configs)");
    }

    @Test
    void dockerComposeCreatesTheTopicsOfTheTopology() {
        assertEquals(local(), new TreeMap<>(Repo.composeTopics()), "docker-compose.yml's kafka-init = deploy/topology.yaml (partitions, local configs)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void kafkaTopicsAreThoseOfTheTopology(String overlay) {
        Map<String, JsonNode> topics = KafkaTest.topics(Kustomize.overlay(overlay));
        assertEquals(TOPOLOGY.topics().keySet(), topics.keySet(), "a KafkaTopic per topic of deploy/topology.yaml");
        TOPOLOGY.topics().forEach((name, topic) -> {
            JsonNode spec = topics.get(name).path("spec");
            assertEquals(topic.partitions(), spec.path("partitions").asInt(), name + " partitions");
            Map<String, String> config = new TreeMap<>();
            spec.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            config.remove("min.insync.replicas"); // the overlay's, with replicas
            assertEquals(new TreeMap<>(topic.config()), config, name + " config");
        });
    }

    /** What each service reads, the group it reads in and where it dead-letters: its configuration and code. */
    @Test
    void servicesConsumeAndDeadLetterAsTheTopologySays() {
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            Map<String, Topology.Consumer> expected = new TreeMap<>();
            TOPOLOGY.topics().values().stream().filter(t -> t.consumers().containsKey(service))
                    .forEach(t -> expected.put(t.name(), t.consumers().get(service)));
            Set<String> configured = new TreeSet<>();
            Repo.incoming(service).forEach((channel, in) -> {
                configured.add(in.topic());
                Topology.Consumer consumer = expected.get(in.topic());
                if (consumer == null) {
                    problems.add(service + " reads " + in.topic() + " (channel " + channel + "), not in the topology");
                } else if (!consumer.matches(in.group())) {
                    problems.add(service + " reads " + in.topic() + " in group " + in.group() + ", the topology says " + consumer.group());
                }
                if (in.deadLetterTopic() != null && (consumer == null || !in.deadLetterTopic().equals(consumer.deadLetter()))) {
                    problems.add(service + " dead-letters " + in.topic() + " to " + in.deadLetterTopic());
                }
            });
            expected.keySet().stream().filter(t -> !configured.contains(t)).forEach(t -> problems.add(service + " does not read " + t));
            Set<String> deadLetters = new TreeSet<>(Repo.deadLetterTopicConstants(service));
            Repo.incoming(service).values().stream().map(Repo.Incoming::deadLetterTopic).filter(t -> t != null).forEach(deadLetters::add);
            if (!deadLetters.equals(TOPOLOGY.deadLetters(service))) {
                problems.add(service + " dead-letters to " + deadLetters + ", the topology says " + TOPOLOGY.deadLetters(service));
            }
            Repo.publishedTopicConstants(service).stream().filter(t -> !TOPOLOGY.writes(service).contains(t))
                    .forEach(t -> problems.add(service + "'s code publishes to " + t + ", which the topology does not let it write"));
        }
        assertEquals(List.of(), problems);
    }

    /** Each service may produce and consume its own topics, and nothing else. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void aclsGrantEachServiceExactlyWhatTheTopologySays(String overlay) {
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
                    case "group" -> {
                        assertEquals(Set.of("Read"), ops, service + ": groups are only read");
                        groups.put(res.path("name").asText(), res.path("patternType").asText());
                    }
                    default -> throw new AssertionError(service + ": ACL on " + res);
                }
            }

            Map<String, Set<String>> expected = new TreeMap<>();
            TOPOLOGY.reads(service).forEach(t -> expected.computeIfAbsent(t, k -> new TreeSet<>()).addAll(Set.of("Read", "Describe")));
            TOPOLOGY.writes(service).forEach(t -> expected.computeIfAbsent(t, k -> new TreeSet<>()).addAll(Set.of("Write", "Describe")));
            assertEquals(expected, topicOps, service + ": topic ACLs");

            for (Topology.Consumer consumer : TOPOLOGY.consumersOf(service)) {
                String group = consumer.group();
                boolean prefix = group.endsWith("*");
                String name = prefix ? group.substring(0, group.length() - 1) : group;
                assertTrue(groups.entrySet().stream().anyMatch(g -> (!prefix && g.getKey().equals(name))
                        || ("prefix".equals(g.getValue()) && name.startsWith(g.getKey()))), service + ": may use group " + group);
            }
            groups.keySet().forEach(g -> assertTrue(g.startsWith(service), service + ": groups are named after the service: " + g));
        }
    }

    /** name -> (partitions, local configs), as ./platform and docker-compose.yml should create them. */
    private static Map<String, Repo.PlatformTopic> local() {
        Map<String, Repo.PlatformTopic> local = new TreeMap<>();
        TOPOLOGY.topics().forEach((name, t) -> local.put(name, new Repo.PlatformTopic(t.partitions(), t.local())));
        return local;
    }
}
