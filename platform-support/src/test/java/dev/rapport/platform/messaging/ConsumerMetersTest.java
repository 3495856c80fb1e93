package dev.rapport.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * The consumers' counters exist, at 0, from start-up, under the names and tags the alert rules
 * and dashboards of deploy/kubernetes/base/monitoring read: a dead letter is the counter's first
 * increase, not its first appearance, which increase() cannot see.
 */
class ConsumerMetersTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConsumerMeters meters = new ConsumerMeters(registry);

    @Test
    void everyBatchConsumersCountersAreThereAtZeroBeforeAnyRecordFails() {
        meters.registerAtStartUp(new StartupEvent(), config(Map.of(
                "quarkus.application.name", "feedback-service",
                "mp.messaging.incoming.session-events.connector", "smallrye-kafka",
                "mp.messaging.incoming.session-events.batch", "true",
                "mp.messaging.incoming.client-keys.connector", "smallrye-kafka",
                "mp.messaging.incoming.client-keys.batch", "true",
                // one record at a time: not BatchConsumption's
                "mp.messaging.incoming.live-feed.connector", "smallrye-kafka",
                "mp.messaging.incoming.live-feed.batch", "false",
                "mp.messaging.incoming.elsewhere.connector", "smallrye-in-memory",
                "mp.messaging.incoming.elsewhere.batch", "true")));

        assertEquals(Set.of("feedback.session-events", "feedback.client-keys"), meters.registeredAtStartUp());
        List<String> series = registry.scrape().lines().filter(line -> !line.startsWith("#")).toList();
        for (String consumer : List.of("feedback.session-events", "feedback.client-keys")) {
            assertTrue(series.contains("rapport_consumer_dead_letters_total{consumer=\"" + consumer + "\",} 0.0"), consumer + ": " + series);
            for (Failures.Kind kind : Failures.Kind.values()) {
                assertTrue(series.contains("rapport_consumer_retries_total{consumer=\"" + consumer + "\",kind=\"" + kind + "\",} 0.0"),
                        consumer + " " + kind + ": " + series);
            }
            assertTrue(series.contains("rapport_consumer_batch_seconds_count{consumer=\"" + consumer + "\",} 0.0"), consumer + ": " + series);
            assertTrue(series.contains("rapport_consumer_batch_records_count{consumer=\"" + consumer + "\",} 0.0"), consumer + ": " + series);
        }
        assertEquals(List.of(), series.stream().filter(line -> line.startsWith("rapport_consumer_"))
                        .filter(line -> !line.contains("feedback.session-events") && !line.contains("feedback.client-keys")).toList(),
                "no meters for channels that are not batch consumers");
    }

    @Test
    void aConsumerStartUpDidNotKnowStillGetsItsCountersWithItsFirstBatch() {
        meters.registerAtStartUp(new StartupEvent(), config(Map.of("quarkus.application.name", "session-service")));
        assertEquals(Set.of(), meters.registeredAtStartUp());
        assertFalse(registry.scrape().contains("consumer=\"platform-test\""));

        meters.register("platform-test");
        meters.deadLetters("platform-test").increment();
        assertTrue(registry.scrape().contains("rapport_consumer_dead_letters_total{consumer=\"platform-test\",} 1.0"));
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }
}
