package dev.rapport.session.api;

import java.util.List;

public record SessionPageJson(List<SessionJson> items, int page, int size, long total) {}
