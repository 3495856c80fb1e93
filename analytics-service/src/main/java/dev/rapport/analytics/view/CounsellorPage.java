package dev.rapport.analytics.view;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of every counsellor's view, sorted by {@code sort} (a figure's name, "-" first for descending). */
@Schema(requiredProperties = {"window", "sort", "page", "size", "total", "items"})
public record CounsellorPage(String window, String sort, int page, int size, long total, List<CounsellorView> items) {}
