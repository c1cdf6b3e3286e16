package org.betweensessions.workspace;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of "My work": what to do, for whom, by when. Never message text.
 *
 * @param link the workspace page where it is done (null where none exists yet)
 */
public record WorkItem(
        Kind kind,
        UUID messageId,
        UUID clientId,
        String clientName,
        String channel,
        Instant receivedAt,
        Instant dueAt,
        Instant breachedAt,
        String link,
        String note) {

    /** In the order they are listed: a crisis before anything else. */
    public enum Kind {
        CRISIS("Crisis: acknowledge now"),
        ANSWER("Answer"),
        ADMINISTRATIVE("Administrative message"),
        /** Any other open user task of the user (check-ins, coverage, termination, breach reviews...). */
        TASK("Task"),
        SLA_BREACH("Answer overdue"),
        CONSENT_REVIEW("Review the communication policy in session"),
        WELFARE_DECISION("Missed check-ins: decide welfare action"),
        OUTREACH_CALL("Missed check-in: call the client"),
        CHECKIN_CALL("Check-in call with client"),
        POST_CRISIS_REVIEW("Post-crisis review: safety plan and risk"),
        SAFETY_PLAN_REVIEW("Review safety plan with client"),
        REVIEW_RISK_LEVEL("Review risk level (after a crisis)"),
        RE_RATE_RISK("Re-rate risk");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
