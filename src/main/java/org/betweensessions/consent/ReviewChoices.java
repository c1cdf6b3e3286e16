package org.betweensessions.consent;

import jakarta.validation.constraints.NotNull;
import org.betweensessions.consent.ConsentReview.Arrangement;
import org.betweensessions.message.Channel;

/**
 * The fields of the "Review communication policy with client" form (forms/review-communication-policy.form);
 * the same names as the form's keys, so Tasklist and the API complete the task alike.
 */
public record ReviewChoices(
    @NotNull Channel preferredChannel,
    boolean understoodChannels,
    boolean understoodContactKinds,
    boolean understoodResponseTime,
    boolean understoodCrisisPlan,
    @NotNull Arrangement arrangement) {}
