package dev.rapport.analytics.api;

import java.util.List;

/** One page of every counsellor's view, sorted by {@code sort} (a figure's name, "-" first for descending). */
public record CounsellorPage(String window, String sort, int page, int size, long total, List<CounsellorView> items) {}
