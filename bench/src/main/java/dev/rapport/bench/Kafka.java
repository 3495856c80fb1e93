package dev.rapport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The broker on 127.0.0.1:9092: topics and consumer-group lag through the admin client, and
 * Kafka's own perf tools (the ceilings), run from the jars ./platform fetched into
 * .local/kafka/lib.
 */
final class Kafka implements AutoCloseable {

    private final Admin admin;
    private final Path root;

    Kafka(Path root) {
        this.root = root;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Http.KAFKA);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.admin = Admin.create(p);
    }

    String clusterId() throws Exception {
        return admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
    }

    void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    void deleteTopic(String name) {
        try {
            admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.warn("could not delete topic %s: %s", name, e.getMessage());
        }
    }

    void deleteGroups(Collection<String> groups) {
        try {
            admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a group of a tool that never committed does not exist: nothing to tidy
        }
    }

    Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws Exception {
        return offsets(topics, OffsetSpec.latest());
    }

    private Map<TopicPartition, Long> offsets(Collection<String> topics, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        var described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        described.forEach((name, d) -> d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), spec)));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        r.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    long records(Collection<String> topics) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(topics);
        Map<TopicPartition, Long> begin = offsets(topics, OffsetSpec.earliest());
        return end.entrySet().stream().mapToLong(e -> e.getValue() - begin.getOrDefault(e.getKey(), 0L)).sum();
    }

    /**
     * A group's lag per topic: end offset minus committed offset. A topic on which the group has
     * never committed is absent (the group does not read it, or has not yet).
     */
    Map<String, Long> lag(String group, Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = endOffsets(topics);
        Map<TopicPartition, Long> begin = offsets(topics, OffsetSpec.earliest());
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String topic : topics) {
            boolean reads = committed.keySet().stream().anyMatch(tp -> tp.topic().equals(topic) && committed.get(tp) != null);
            if (!reads) {
                continue;
            }
            long sum = 0;
            for (var e : end.entrySet()) {
                if (!e.getKey().topic().equals(topic)) {
                    continue;
                }
                OffsetAndMetadata c = committed.get(e.getKey());
                long at = c == null ? begin.getOrDefault(e.getKey(), 0L) : c.offset();
                sum += Math.max(0, e.getValue() - at);
            }
            lag.put(topic, sum);
        }
        return lag;
    }

    // ------------------------------------------------------------------------------ perf tools

    record ProducerPerf(long records, double recordsPerSecond, double mbPerSecond, double avgMs, double maxMs,
                        double p50Ms, double p99Ms, String line) {}

    record ConsumerPerf(long records, double recordsPerSecond, double fetchRecordsPerSecond, double mb,
                        long rebalanceMs, long fetchMs, String line) {}

    private static final Pattern PRODUCER = Pattern.compile(
            "(\\d+) records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    ProducerPerf producerPerf(String topic, long records, int recordSize, Duration timeout) throws Exception {
        List<String> out = tool(timeout, "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", String.valueOf(records), "--record-size", String.valueOf(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + Http.KAFKA, "acks=all");
        for (int i = out.size() - 1; i >= 0; i--) {
            Matcher m = PRODUCER.matcher(out.get(i));
            if (m.find()) {
                return new ProducerPerf(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
                        Double.parseDouble(m.group(8)), out.get(i).trim());
            }
        }
        throw new IllegalStateException("ProducerPerformance printed no summary: " + String.join(" | ", out));
    }

    ConsumerPerf consumerPerf(String topic, long messages, String group, Duration timeout) throws Exception {
        List<String> out = tool(timeout, "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server", Http.KAFKA, "--topic", topic, "--messages", String.valueOf(messages),
                "--group", group, "--timeout", "15000");
        for (int i = 0; i + 1 < out.size(); i++) {
            if (out.get(i).startsWith("start.time")) {
                String[] names = out.get(i).split(",\\s*");
                String[] values = out.get(i + 1).split(",\\s*");
                Map<String, String> v = new HashMap<>();
                for (int k = 0; k < names.length && k < values.length; k++) {
                    v.put(names[k].trim(), values[k].trim());
                }
                return new ConsumerPerf(Long.parseLong(v.get("data.consumed.in.nMsg")), Double.parseDouble(v.get("nMsg.sec")),
                        Double.parseDouble(v.get("fetch.nMsg.sec")), Double.parseDouble(v.get("data.consumed.in.MB")),
                        Long.parseLong(v.get("rebalance.time.ms")), Long.parseLong(v.get("fetch.time.ms")), out.get(i + 1).trim());
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no result: " + String.join(" | ", out));
    }

    /** Runs a Kafka tool class in its own JVM; its stdout lines. */
    private List<String> tool(Duration timeout, String mainClass, String... args) throws Exception {
        Path lib = root.resolve(".local/kafka/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("No Kafka jars in " + lib + ": ./platform up fetches them");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", lib + "/*"));
        Path log4j = root.resolve("deploy/local/kafka/log4j2-tools.properties");
        if (Files.isRegularFile(log4j)) {
            cmd.add("-Dlog4j2.configurationFile=" + log4j);
        }
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile("bench-kafka-tool", ".out");
        Path stderr = Files.createTempFile("bench-kafka-tool", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
                p.destroyForcibly();
                throw new IllegalStateException(mainClass + " did not finish within " + timeout.toSeconds() + " s");
            }
            List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(mainClass + " exited with " + p.exitValue() + ": "
                        + Files.readAllLines(stderr).stream().limit(5).collect(Collectors.joining(" | ")));
            }
            return lines;
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp file
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
