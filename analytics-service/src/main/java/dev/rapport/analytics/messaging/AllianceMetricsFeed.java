package dev.rapport.analytics.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.rapport.analytics.service.MetricsFeed;
import dev.rapport.analytics.view.CounsellorMetrics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every counsellor view published to alliance-metrics, by whichever instance, as a hot stream
 * for this instance's event-stream clients. Each instance reads the topic with a consumer group
 * of its own from the latest offset (see application.properties), so every instance sees every
 * view; nothing is committed.
 */
@ApplicationScoped
public class AllianceMetricsFeed implements MetricsFeed {

    public static final String CHANNEL = "alliance-metrics-feed";
    private static final Logger LOG = Logger.getLogger(AllianceMetricsFeed.class);

    private final BroadcastProcessor<CounsellorMetrics> updates = BroadcastProcessor.create();
    /** Read tolerantly: a newer instance may add fields during a rolling deployment. */
    private final ObjectReader reader;
    private volatile boolean listening;

    public AllianceMetricsFeed(ObjectMapper json) {
        this.reader = json.readerFor(CounsellorMetrics.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Incoming(CHANNEL)
    public void receive(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // a tombstone (an erased counsellor): nothing to show
        }
        try {
            updates.onNext(reader.readValue(record.value()));
        } catch (IOException e) {
            LOG.warnf("An alliance-metrics record (key %s) is not a counsellor view (%s); skipped", record.key(), e.getClass().getSimpleName());
        }
    }

    /**
     * Every view from now on, of every counsellor: one subscriber per instance
     * ({@link dev.rapport.analytics.service.MetricsStream}) hands each view to the streams of its counsellor.
     */
    @Override
    public Multi<CounsellorMetrics> views() {
        return updates;
    }

    /** True once this instance has its partitions of alliance-metrics (from then on, no view is missed). */
    public boolean listening() {
        return listening;
    }

    void assigned(boolean any) {
        listening = any;
    }

    /** Pins the latest offsets as soon as the partitions are assigned, so views sent after this are read. */
    @ApplicationScoped
    @Identifier(CHANNEL)
    public static class Assignment implements KafkaConsumerRebalanceListener {

        private final AllianceMetricsFeed feed;

        public Assignment(AllianceMetricsFeed feed) {
            this.feed = feed;
        }

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            partitions.forEach(consumer::position);
            feed.assigned(!partitions.isEmpty());
        }
    }
}
