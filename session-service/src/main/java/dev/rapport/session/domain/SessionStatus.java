package dev.rapport.session.domain;

/** Where a session stands. SCHEDULED → IN_PROGRESS → ENDED; SCHEDULED → CANCELLED or NO_SHOW. */
public enum SessionStatus {
    SCHEDULED, IN_PROGRESS, ENDED, CANCELLED, NO_SHOW
}
