package dev.rapport.session.api;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

public record ErasureRequest(@NotNull UUID clientId) {}
