package dev.rapport.analytics.persistence;

/** The session figures of one counsellor in one window. */
public record SessionCounts(long sessionsEnded, long sessionsCancelled, long noShows, long activeClients) {}
