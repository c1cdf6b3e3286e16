package org.betweensessions.inbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;

/**
 * What was done about an acknowledged crisis, and the minutes it took (for billing). No free text.
 */
public record CrisisDocumentationRequest(
        @NotNull ContactMade contactMade,
        @NotNull Boolean safetyAssessed,
        @NotNull NextStep nextStep,
        @Min(0) @Max(600) Integer minutesSpent) {}
