package dev.rapport.session.api;

import jakarta.validation.constraints.Size;

public record CancelRequest(@Size(max = 500) String reason) {}
