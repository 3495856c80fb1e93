package dev.rapport.analytics.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one registry of advisory locks: no two locks share a class and key, and no lock is taken outside it. */
class AdvisoryLocksTest {

    @Test
    void everyLockHasAClassAndKeyOfItsOwn() {
        List<String> spaces = Arrays.stream(AdvisoryLocks.values())
                .map(lock -> lock.lockClass() + "/" + (lock.key() == null ? "hash" : lock.key())).toList();

        assertEquals(spaces.size(), spaces.stream().distinct().count(), spaces.toString());
        // A class per id is never shared with a fixed key: a hash could be that key.
        Arrays.stream(AdvisoryLocks.values()).filter(lock -> lock.key() == null).forEach(perId ->
                Arrays.stream(AdvisoryLocks.values()).filter(other -> other != perId)
                        .forEach(other -> assertNotEquals(perId.lockClass(), other.lockClass(), perId + " and " + other)));
        Arrays.stream(AdvisoryLocks.values()).forEach(lock -> assertNotEquals(AdvisoryLocks.OUTBOX_RELAY, lock.lockClass(), lock.name()));
    }

    @Test
    void everyClassThatTakesAnAdvisoryLockTakesItFromTheRegistry() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<Path> takers = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> read(p).contains("advisory_")).toList();
            // The registry writes the statements of most (eachOf); these still spell theirs.
            assertTrue(takers.size() >= 4 && takers.stream().anyMatch(p -> p.endsWith("SessionLocks.java")), "the lock takers found: " + takers);
            takers.stream().filter(p -> !p.endsWith("AdvisoryLocks.java"))
                    .forEach(p -> assertTrue(read(p).contains("AdvisoryLocks."), p + " takes an advisory lock outside AdvisoryLocks"));
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
