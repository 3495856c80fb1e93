package dev.rapport.analytics.domain;

/** Which way an outcome instrument's raw total moves when the client gets better (ORS rises, PHQ-9 drops). */
public enum ChangeDirection {
    INCREASE,
    DECREASE
}
