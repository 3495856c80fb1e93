package dev.rapport.feedback.api;

import dev.rapport.feedback.persistence.SafetyAlertRecord;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
class SafetyAlertMapper {

    /** What of an alert a reader sees: the client by id or only by reference, with or without the note. */
    enum Detail { PSEUDONYMOUS, IDENTIFIED, WITH_NOTE }

    SafetyAlertJson toJson(SafetyAlertRecord a, Detail detail) {
        return new SafetyAlertJson(a.id, a.status, a.feedbackId, a.sessionId, a.counsellorId,
                detail == Detail.PSEUDONYMOUS ? null : a.clientId, a.clientRef, a.instrumentId, a.item,
                a.answer, a.raisedAt, a.acknowledgedAt, a.acknowledgedBy, a.escalatedAt, a.resolvedAt, a.resolvedBy, a.outcome,
                detail == Detail.WITH_NOTE ? a.note : null);
    }
}
