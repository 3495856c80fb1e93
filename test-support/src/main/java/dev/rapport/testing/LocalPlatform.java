package dev.rapport.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ./platform script of the repository, for tests that stop and restart a real component
 * (the broker) to prove what happens during an outage.
 */
public final class LocalPlatform {

    private LocalPlatform() {}

    /** Whether the Kafka broker in use is the one ./platform started (so a test may stop it). */
    public static boolean managesKafka() {
        Path root = root();
        return root != null && Files.exists(root.resolve(".local/pids/kafka.pid"))
                && TestKafka.bootstrapServers().equals("127.0.0.1:9092");
    }

    public static void stop(String component) {
        run("down", component);
    }

    public static void start(String component) {
        run("up", component);
    }

    private static void run(String... args) {
        Path root = root();
        if (root == null) {
            throw new IllegalStateException("./platform not found above " + Path.of("").toAbsolutePath());
        }
        List<String> command = new ArrayList<>();
        command.add(root.resolve("platform").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
            if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroy();
                throw new IllegalStateException("./platform " + String.join(" ", args) + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("./platform " + String.join(" ", args) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("platform")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return null;
    }
}
