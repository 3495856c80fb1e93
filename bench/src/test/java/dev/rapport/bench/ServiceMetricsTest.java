package dev.rapport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    private static final Map<String, String> FEEDBACK = Map.of("consumer", "analytics.feedback-events");

    /** OpenMetrics and the text format 0.0.4 (what {@code Accept: text/plain} gets: a comma after the last label) mixed. */
    private static ServiceMetrics.Snapshot scrape(double in10ms, double in50ms, double inf, double sum) {
        return ServiceMetrics.Snapshot.parse("""
                # HELP rapport_consumer_batch_seconds Consumed batches
                # TYPE rapport_consumer_batch_seconds histogram
                rapport_consumer_batch_seconds_bucket{consumer="analytics.feedback-events",le="0.01"} %s
                rapport_consumer_batch_seconds_bucket{consumer="analytics.feedback-events",le="0.05"} %s
                rapport_consumer_batch_seconds_bucket{consumer="analytics.feedback-events",le="+Inf",} %s
                rapport_consumer_batch_seconds_count{consumer="analytics.feedback-events"} %s # {span_id="63e6a79027fc0757",trace_id="85"} 1.0 1796492814.910
                rapport_consumer_batch_seconds_sum{consumer="analytics.feedback-events"} %s
                rapport_consumer_batch_seconds_count{consumer="analytics.erasures"} 7.0
                rapport_outbox_published_total 10217.0
                """.formatted(in10ms, in10ms + in50ms, in10ms + in50ms + inf, in10ms + in50ms + inf, sum));
    }

    @Test
    void whatAPhaseAddedIsTheDifferenceOfTwoScrapes() {
        ServiceMetrics.Snapshot before = scrape(100, 0, 0, 0.5);
        // the phase: 60 batches within 10 ms, 38 within 50 ms, 2 beyond, 1.5 s in all
        ServiceMetrics.Snapshot after = scrape(160, 38, 2, 2.0);

        ServiceMetrics.Added added = ServiceMetrics.added(before, after, "rapport_consumer_batch_seconds", FEEDBACK).orElseThrow();

        assertEquals(100, added.count());
        assertEquals(0.015, added.mean(), 1e-9);
        assertEquals(0.01, added.p50(), "the 50th batch of the phase is within 10 ms");
        assertEquals(Double.POSITIVE_INFINITY, added.p99(), "the 99th is beyond the last finite edge");
    }

    @Test
    void aHistogramThePhaseDidNotTouchAddsNothing() {
        ServiceMetrics.Snapshot scrape = scrape(100, 0, 0, 0.5);
        assertTrue(ServiceMetrics.added(scrape, scrape, "rapport_consumer_batch_seconds", FEEDBACK).isEmpty());
        ServiceMetrics.Snapshot none = ServiceMetrics.Snapshot.EMPTY;
        assertTrue(ServiceMetrics.added(none, none, "rapport_consumer_batch_seconds", FEEDBACK).isEmpty());
        assertEquals(7.0, ServiceMetrics.added(ServiceMetrics.Snapshot.EMPTY, scrape, "rapport_consumer_batch_seconds",
                Map.of("consumer", "analytics.erasures")).orElseThrow().count(), "a count without buckets or sum");
    }
}
