package dev.rapport.feedback.api;

import java.util.List;

public record SafetyAlertPageJson(List<SafetyAlertJson> items, int page, int size, long total) {}
