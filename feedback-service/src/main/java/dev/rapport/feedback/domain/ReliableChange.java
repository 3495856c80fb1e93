package dev.rapport.feedback.domain;

/** Outcome of comparing a client's first and latest total on one outcome instrument. */
public enum ReliableChange {
    IMPROVED,
    DETERIORATED,
    NO_RELIABLE_CHANGE
}
