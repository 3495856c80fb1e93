package dev.rapport.analytics.service;

/** The session figures of one counsellor in one window. */
public record SessionCounts(long sessionsEnded, long sessionsCancelled, long noShows, long activeClients) {}
