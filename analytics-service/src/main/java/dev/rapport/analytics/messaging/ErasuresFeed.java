package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.ClientErasure;
import dev.rapport.analytics.service.ErasedClients;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.messaging.IncomingEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every instance's own reading of the whole erasures topic (no consumer group, nothing
 * committed): at start, every reference erased so far into {@link ErasedClients} (the consumers
 * wait for it); then each new request as it comes, erased on this instance too. The group
 * consumer ({@link ErasureRequests}) erases and confirms once; this instance may have taken in
 * an event of the client just before it learnt of the erasure, and its own erasure takes that
 * out.
 */
@ApplicationScoped
public class ErasuresFeed {

    private static final Logger LOG = Logger.getLogger(ErasuresFeed.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final ErasedClients erased;
    private final ClientErasure erasure;
    private final AllianceMetricsPublisher metrics;
    private final String bootstrapServers;
    private final String topic;
    private volatile boolean running = true;
    private volatile TopicHistory history;

    public ErasuresFeed(ErasedClients erased, ClientErasure erasure, AllianceMetricsPublisher metrics,
                        @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                        @ConfigProperty(name = "mp.messaging.incoming.erasures.topic") String topic) {
        this.erased = erased;
        this.erasure = erasure;
        this.metrics = metrics;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    void start(@Observes StartupEvent event) {
        Thread thread = new Thread(this::follow, "analytics-erasures-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        TopicHistory current = history;
        if (current != null) {
            current.wakeup();
        }
    }

    private void follow() {
        while (running) {
            try (TopicHistory reader = new TopicHistory(bootstrapServers, List.of(topic), 500, "analytics-service-erasures")) {
                history = reader;
                reader.readUntil(reader.ends(), records -> erased.addAll(refs(records)));
                if (!erased.isLoaded()) {
                    LOG.infof("Erasures known: read %s to its end", topic);
                    erased.loaded();
                }
                while (running) {
                    reader.poll(Duration.ofSeconds(1), records -> refs(records).forEach(this::erase));
                }
            } catch (WakeupException e) {
                return;
            } catch (Throwable e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Cannot follow %s (%s); again in %s", topic, e.getMessage(), RETRY);
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void erase(String clientRef) {
        try {
            Set<UUID> counsellors = VertxContextSupport.subscribeAndAwait(() -> erasure.erase(clientRef));
            metrics.changed(counsellors);
        } catch (Throwable e) {
            // The group consumer erases and confirms it in any case; this is the second pass.
            erased.add(clientRef);
            LOG.warnf("Erasure on this instance failed (%s); the consumer group's erasure stands", e.getMessage());
        }
    }

    /** The references of the erasure requests among these records (anything else is skipped). */
    private static List<String> refs(List<ConsumerRecord<String, String>> records) {
        List<String> refs = new ArrayList<>();
        for (var record : records) {
            readRequest(record).ifPresent(request -> refs.add(request.clientRef()));
        }
        return refs;
    }

    private static Optional<Erasures.Requested> readRequest(ConsumerRecord<String, String> record) {
        try {
            IncomingEvent event = IncomingEvent.read(record);
            return Erasures.REQUESTED.equals(event.type()) ? Optional.of(Erasures.Requested.of(event)) : Optional.empty();
        } catch (IncomingEvent.PoisonEventException e) {
            return Optional.empty();
        }
    }
}
