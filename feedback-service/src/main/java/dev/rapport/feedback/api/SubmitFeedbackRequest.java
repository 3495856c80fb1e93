package dev.rapport.feedback.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** Answers by item id, e.g. {"1": 4, "2": 5}; a value's type and range are checked per instrument. */
public record SubmitFeedbackRequest(
        @NotBlank @Size(max = 64) String instrumentId,
        @NotNull @Size(max = 100) Map<String, Object> answers,
        @Size(max = 2000) String comment) {}
