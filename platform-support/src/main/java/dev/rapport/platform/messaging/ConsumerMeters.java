package dev.rapport.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The meters of {@link BatchConsumption}'s consumers: {@code rapport.consumer.retries} by
 * consumer and {@link Failures.Kind}, {@code rapport.consumer.dead.letters} by consumer (the
 * alerts and dashboards of deploy/kubernetes/base/monitoring read them), and by consumer the time
 * ({@code rapport.consumer.batch}) and records ({@code rapport.consumer.batch.records}) of its batches.
 *
 * <p>They are registered at start-up, at 0, for every batch consumer of the application: a counter
 * that appears only with its first increment is invisible to {@code increase()} and
 * {@code rate()}, so the alert on dead letters would miss the first one. (A dead letter before
 * the first scrape that saw the 0 is still missed; that window is one scrape interval after
 * start-up.)
 *
 * <p>A batch consumer is an incoming Kafka channel with {@code batch=true}, and it is named
 * {@code <service>.<channel>}, {@code <service>} being the application's name without
 * {@code -service} (session-service's {@code erasures} channel: {@code session.erasures}). That
 * name keys its processed events and dead-letter rows too. A consumer named otherwise still gets
 * its counters, with its first batch, and a warning says so.
 */
@ApplicationScoped
public class ConsumerMeters {

    private static final Logger LOG = Logger.getLogger(ConsumerMeters.class);
    private static final Pattern BATCH = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.batch");

    private final MeterRegistry registry;
    private final Set<String> atStartUp = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public ConsumerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void registerAtStartUp(@Observes StartupEvent event, Config config) {
        String service = config.getValue("quarkus.application.name", String.class).replaceFirst("-service$", "");
        atStartUp.addAll(batchConsumers(service, config));
        atStartUp.forEach(this::register);
        LOG.debugf("Consumer counters registered at start-up: %s", atStartUp);
    }

    /** The consumers whose counters exist since start-up. */
    public Set<String> registeredAtStartUp() {
        return Set.copyOf(atStartUp);
    }

    Counter retries(String consumer, Failures.Kind kind) {
        return Counter.builder("rapport.consumer.retries").description("Failed attempts of a consumer's batch or record, by kind")
                .tag("consumer", consumer).tag("kind", kind.name()).register(registry);
    }

    Counter deadLetters(String consumer) {
        return Counter.builder("rapport.consumer.dead.letters").description("Records a consumer sent to its dead-letter topic")
                .tag("consumer", consumer).register(registry);
    }

    /** The time from a batch's records read to their effect committed (retries and dead letters included). */
    Timer batches(String consumer) {
        return Timer.builder("rapport.consumer.batch").description("Time to apply a consumed batch, its retries included")
                .tag("consumer", consumer).register(registry);
    }

    /** The records of each batch a consumer applied. */
    DistributionSummary batchRecords(String consumer) {
        return DistributionSummary.builder("rapport.consumer.batch.records").description("Records per consumed batch")
                .tag("consumer", consumer).register(registry);
    }

    /** Every counter of {@code consumer}, at 0 if new; with a warning the first time for a consumer start-up did not know. */
    void register(String consumer) {
        if (!atStartUp.isEmpty() && !atStartUp.contains(consumer) && warned.add(consumer)) {
            LOG.warnf("Consumer %s was not registered at start-up (a batch channel's consumer is named <service>.<channel>: %s);"
                    + " its counters start with its first batch", consumer, atStartUp);
        }
        for (Failures.Kind kind : Failures.Kind.values()) {
            retries(consumer, kind);
        }
        deadLetters(consumer);
        batches(consumer);
        batchRecords(consumer);
    }

    /** {@code <service>.<channel>} for every incoming Kafka channel configured with {@code batch=true}. */
    static Set<String> batchConsumers(String service, Config config) {
        Set<String> consumers = new TreeSet<>();
        for (String property : config.getPropertyNames()) {
            Matcher batch = BATCH.matcher(property);
            if (batch.matches()) {
                String channel = batch.group(1);
                boolean kafka = config.getOptionalValue("mp.messaging.incoming." + channel + ".connector", String.class)
                        .map("smallrye-kafka"::equals).orElse(false);
                if (kafka && config.getOptionalValue(property, Boolean.class).orElse(false)) {
                    consumers.add(service + "." + channel);
                }
            }
        }
        return consumers;
    }
}
