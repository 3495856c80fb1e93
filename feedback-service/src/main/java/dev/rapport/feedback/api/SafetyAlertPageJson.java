package dev.rapport.feedback.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(requiredProperties = {"items", "page", "size", "total"})
public record SafetyAlertPageJson(List<SafetyAlertJson> items, int page, int size, long total) {}
