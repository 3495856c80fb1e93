package dev.rapport.deploy.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Paths of the repository and what the services' own files, ./platform and docker-compose.yml say (ports, topics, groups, version). */
final class Repo {

    static final List<String> SERVICES = List.of("session-service", "feedback-service", "analytics-service");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    /** deploy/kubernetes/validation (this module), from surefire or the working directory. */
    static final Path MODULE = Path.of(System.getProperty("kubernetes.validation.basedir", ".")).toAbsolutePath().normalize();
    static final Path KUBERNETES = MODULE.getParent();
    static final Path ROOT = KUBERNETES.getParent().getParent();

    private Repo() {
    }

    static Path overlay(String name) {
        return KUBERNETES.resolve("overlays").resolve(name);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of the root pom (the images' tag, as the Quarkus Kubernetes extension names them). */
    static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>rapport-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version of rapport-parent in the root pom.xml");
        }
        return m.group(1).trim();
    }

    /** A service's application.properties, %dev/%test profiles left out (production values only). */
    static Properties applicationProperties(String service) {
        Properties all = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            all.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties prod = new Properties();
        all.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> prod.setProperty(k, all.getProperty(k)));
        return prod;
    }

    static int httpPort(String service) {
        return Integer.parseInt(applicationProperties(service).getProperty("quarkus.http.port"));
    }

    /** Incoming channels of a service: channel name -> (topic, group, dead-letter topic or null). */
    static Map<String, Incoming> incoming(String service) {
        Properties p = applicationProperties(service);
        Map<String, Incoming> channels = new LinkedHashMap<>();
        Pattern topicKey = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");
        p.stringPropertyNames().stream().sorted().forEach(k -> {
            Matcher m = topicKey.matcher(k);
            if (m.matches()) {
                String ch = m.group(1);
                String prefix = "mp.messaging.incoming." + ch + ".";
                channels.put(ch, new Incoming(p.getProperty(k), p.getProperty(prefix + "group.id"),
                        p.getProperty(prefix + "dead-letter-queue.topic")));
            }
        });
        return channels;
    }

    record Incoming(String topic, String group, String deadLetterTopic) {
    }

    /** Topics a service's code publishes to: the {@code TOPIC} constants of its messaging contracts. */
    static List<String> publishedTopicConstants(String service) {
        return stringConstants(service, "TOPIC");
    }

    /**
     * Dead-letter topics a batch consumer writes itself (the connector's dead-letter strategy
     * would act on whole batches): its {@code DEAD_LETTER_TOPIC} constants.
     */
    static List<String> deadLetterTopicConstants(String service) {
        return stringConstants(service, "DEAD_LETTER_TOPIC");
    }

    private static List<String> stringConstants(String service, String name) {
        Pattern constant = Pattern.compile("static\\s+final\\s+String\\s+" + name + "\\s*=\\s*\"([^\"]+)\"");
        try (Stream<Path> files = Files.walk(ROOT.resolve(service).resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> constant.matcher(read(f)).results().map(r -> r.group(1)))
                    .distinct().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ./platform's TOPICS list: name -> (partitions, topic configs). */
    static Map<String, PlatformTopic> platformTopics() {
        Matcher m = Pattern.compile("(?m)^TOPICS=\\(([^)]*)\\)").matcher(read(ROOT.resolve("platform")));
        if (!m.find()) {
            throw new IllegalStateException("no TOPICS=(...) in ./platform");
        }
        Map<String, PlatformTopic> topics = new LinkedHashMap<>();
        for (String entry : m.group(1).trim().split("\\s+")) {
            String[] parts = entry.split(":", 3);
            Map<String, String> configs = new LinkedHashMap<>();
            if (parts.length == 3) {
                for (String kv : parts[2].split(",")) {
                    String[] pair = kv.split("=", 2);
                    configs.put(pair[0], pair[1]);
                }
            }
            topics.put(parts[0], new PlatformTopic(Integer.parseInt(parts[1]), configs));
        }
        return topics;
    }

    record PlatformTopic(int partitions, Map<String, String> configs) {
    }

    /** docker-compose.yml's kafka-init: topic -> (partitions, topic configs). */
    static Map<String, PlatformTopic> composeTopics() {
        Map<String, PlatformTopic> topics = new LinkedHashMap<>();
        Pattern create = Pattern.compile("(?m)^\\s*create\\s+(\\S+)\\s+--partitions\\s+(\\d+)((?:\\s+--config\\s+\\S+)*)\\s*$");
        Pattern config = Pattern.compile("--config\\s+([^=\\s]+)=(\\S+)");
        create.matcher(read(ROOT.resolve("docker-compose.yml"))).results().forEach(r -> {
            Map<String, String> configs = new LinkedHashMap<>();
            config.matcher(r.group(3)).results().forEach(c -> configs.put(c.group(1), c.group(2)));
            topics.put(r.group(1), new PlatformTopic(Integer.parseInt(r.group(2)), configs));
        });
        return topics;
    }
}
