package dev.rapport.analytics.domain;

/** A client's first-to-latest change on an outcome instrument, judged against measurement noise. */
public enum ReliableChange {
    IMPROVED,
    DETERIORATED,
    NO_RELIABLE_CHANGE
}
