package org.betweensessions.inbox;

import jakarta.validation.constraints.NotNull;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;

/** The acknowledgement form's three answers; no free text, so no PHI. */
public record CrisisAcknowledgementRequest(@NotNull ContactMade contactMade,
    @NotNull Boolean safetyAssessed, @NotNull NextStep nextStep) {}
