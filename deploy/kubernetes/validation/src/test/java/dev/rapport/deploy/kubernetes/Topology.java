package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * deploy/topology.yaml, read: the one description of the Kafka topics (partitions, configs,
 * producers, consumer groups, dead-letter topics) that ./platform, docker-compose.yml, the
 * KafkaTopics, the KafkaUsers' ACLs, the services' configuration and docs/asyncapi.yaml are
 * checked against ({@link TopologyTest}).
 */
record Topology(Map<String, Topic> topics) {

    static final Path FILE = Repo.ROOT.resolve("deploy/topology.yaml");

    /** One topic; {@code deadLetterOf} names the consumer whose dead letters it holds (null for an event topic). */
    record Topic(String name, int partitions, Map<String, String> config, Map<String, String> local,
                 Set<String> producers, Map<String, Consumer> consumers, String deadLetterOf) {
    }

    /** A service's consumer of a topic: its group (a trailing * makes it a prefix) and its dead-letter topic or null. */
    record Consumer(String group, String deadLetter) {

        boolean matches(String configuredGroup) {
            return group.endsWith("*") ? configuredGroup.startsWith(group.substring(0, group.length() - 1)) : group.equals(configuredGroup);
        }
    }

    static Topology read() {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Topic> topics = new TreeMap<>();
        JsonNode dlq = root.path("deadLetterTopics");
        root.path("topics").fields().forEachRemaining(entry -> {
            JsonNode t = entry.getValue();
            Map<String, Consumer> consumers = new TreeMap<>();
            t.path("consumers").fields().forEachRemaining(c -> {
                Consumer consumer = new Consumer(c.getValue().path("group").asText(), c.getValue().path("deadLetter").textValue());
                consumers.put(c.getKey(), consumer);
                if (consumer.deadLetter() != null) {
                    topics.put(consumer.deadLetter(), new Topic(consumer.deadLetter(), dlq.path("partitions").asInt(),
                            strings(dlq.path("config")), strings(dlq.path("local")), Set.of(c.getKey()), Map.of(), c.getKey()));
                }
            });
            Set<String> producers = new TreeSet<>();
            t.path("producers").forEach(p -> producers.add(p.asText()));
            topics.put(entry.getKey(), new Topic(entry.getKey(), t.path("partitions").asInt(), strings(t.path("config")),
                    strings(t.path("local")), producers, consumers, null));
        });
        return new Topology(topics);
    }

    /** Topics a service writes: those it produces and its dead-letter topics. */
    Set<String> writes(String service) {
        Set<String> writes = new TreeSet<>();
        topics.values().stream().filter(t -> t.producers().contains(service)).forEach(t -> writes.add(t.name()));
        return writes;
    }

    /** Topics a service reads. */
    Set<String> reads(String service) {
        Set<String> reads = new TreeSet<>();
        topics.values().stream().filter(t -> t.consumers().containsKey(service)).forEach(t -> reads.add(t.name()));
        return reads;
    }

    /** A service's dead-letter topics. */
    Set<String> deadLetters(String service) {
        Set<String> dlqs = new TreeSet<>();
        topics.values().stream().filter(t -> service.equals(t.deadLetterOf())).forEach(t -> dlqs.add(t.name()));
        return dlqs;
    }

    List<Consumer> consumersOf(String service) {
        return topics.values().stream().filter(t -> t.consumers().containsKey(service)).map(t -> t.consumers().get(service)).toList();
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
