package dev.rapport.analytics.view;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A counsellor's whole view, every window at one instant: the data of
 * {@code rapport.metrics.counsellor.v1} on the compacted topic alliance-metrics and the element
 * of the view's event stream.
 *
 * @param windows window label ({@code 30d}, {@code 90d}, {@code all}) → the view of that window,
 *                the same JSON as {@code GET /api/metrics/counsellors/{id}?window=}
 */
@Schema(requiredProperties = {"counsellorId", "asOf", "windows"})
public record CounsellorMetrics(UUID counsellorId, Instant asOf, Map<String, CounsellorView> windows) {}
