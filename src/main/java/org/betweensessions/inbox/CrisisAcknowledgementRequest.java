package org.betweensessions.inbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;

/**
 * "I'm on it": an empty body acknowledges the crisis and stops the escalation; the contact is
 * documented later ({@link CrisisDocumentationRequest}). Given all three facts, it is acknowledged and
 * documented in one step. No free text, so no PHI.
 */
public record CrisisAcknowledgementRequest(
        ContactMade contactMade,
        Boolean safetyAssessed,
        NextStep nextStep,
        @Min(0) @Max(600) Integer minutesSpent) {

    public CrisisAcknowledgementRequest(ContactMade contactMade, Boolean safetyAssessed, NextStep nextStep) {
        this(contactMade, safetyAssessed, nextStep, null);
    }

    /** Only the acknowledgement. */
    public static CrisisAcknowledgementRequest imOnIt() {
        return new CrisisAcknowledgementRequest(null, null, null, null);
    }

    boolean documents() {
        return contactMade != null || nextStep != null || safetyAssessed != null;
    }
}
