package dev.rapport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void theMetricNameReaderFindsMetricsAndNothingElse() {
        assertEquals(Set.of("a_total", "b_seconds"), PromQl.metricNames(
                "sum by (service, consumer) (rate(a_total{service=~\"x|y\", le=\"0.5\"}[5m])) / on (service) max_over_time(b_seconds[1h:1m]) > 3"));
        assertEquals(Set.of("c"), PromQl.metricNames("absent(c{service=\"feedback-service\"}) and on() vector(1)"));
    }
}
