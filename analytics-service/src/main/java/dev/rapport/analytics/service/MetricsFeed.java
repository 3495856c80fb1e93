package dev.rapport.analytics.service;

import dev.rapport.analytics.view.CounsellorMetrics;
import io.smallrye.mutiny.Multi;

/** Every counsellor's views as they are published (messaging.AllianceMetricsFeed reads them from alliance-metrics). */
public interface MetricsFeed {

    /** Every view from now on, of every counsellor. */
    Multi<CounsellorMetrics> views();
}
