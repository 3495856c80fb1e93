package dev.rapport.session.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(requiredProperties = {"items", "page", "size", "total"})
public record SessionPageJson(List<SessionJson> items, int page, int size, long total) {}
