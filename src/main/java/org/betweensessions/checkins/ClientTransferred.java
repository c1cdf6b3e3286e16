package org.betweensessions.checkins;

import java.util.UUID;

/**
 * Published when a client moved to another clinician of the practice (committed with the transfer):
 * the client's open work follows them (the check-ins here; unanswered messages in
 * {@code reconcile.AnswersFollowTransfers}).
 */
public record ClientTransferred(UUID transferId, UUID clientId, UUID practiceId, UUID toClinicianId, String by) {}
