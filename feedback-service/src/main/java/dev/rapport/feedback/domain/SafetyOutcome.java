package dev.rapport.feedback.domain;

/** What was done about a safety alert, recorded by the person who resolves it (docs/domain.md "The safety pathway"). */
public enum SafetyOutcome {
    NO_CURRENT_RISK,
    SAFETY_PLAN,
    REFERRED_CRISIS_TEAM,
    EMERGENCY_SERVICES,
    UNABLE_TO_CONTACT
}
