package org.betweensessions.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.CamundaError;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.consent.ConsentReview.Arrangement;
import org.betweensessions.consent.IntakeConsent;
import org.betweensessions.consent.ReviewChoices;
import org.betweensessions.message.Channel;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RecordPolicyReviewTask in intake-consent: stores what the clinician confirmed. A choice that does not
 * fit the client (e.g. an open inbox for a high-risk client) is a business outcome: BPMN error
 * REVIEW_CHOICE_NOT_ALLOWED sends the clinician back to the form with the reason.
 */
@Component
public class RecordPolicyReviewWorker {

    private final IntakeConsent consent;

    public RecordPolicyReviewWorker(IntakeConsent consent) {
        this.consent = consent;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_POLICY_REVIEW)
    public Reviewed record(
            @Variable UUID requestId,
            @Variable Channel preferredChannel,
            @Variable Boolean understoodChannels,
            @Variable Boolean understoodContactKinds,
            @Variable Boolean understoodResponseTime,
            @Variable Boolean understoodCrisisPlan,
            @Variable Arrangement arrangement,
            @Variable ReviewChoices.SmsReminderChoice smsReminders,
            @Variable String reviewedBy,
            @Variable String clinicianAssignee) {
        ReviewChoices choices = new ReviewChoices(
                preferredChannel,
                Boolean.TRUE.equals(understoodChannels),
                Boolean.TRUE.equals(understoodContactKinds),
                Boolean.TRUE.equals(understoodResponseTime),
                Boolean.TRUE.equals(understoodCrisisPlan),
                arrangement,
                smsReminders);
        var problem = consent.recordReview(requestId, choices, reviewedBy != null ? reviewedBy : clinicianAssignee);
        if (problem.isPresent()) {
            throw CamundaError.bpmnError(
                    ProcessIds.ERROR_REVIEW_CHOICE_NOT_ALLOWED,
                    problem.get().message(),
                    Map.of("reviewProblem", problem.get().message()));
        }
        return new Reviewed("");
    }

    /** Clears the reason shown on the form after a choice was sent back. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reviewed(String reviewProblem) {}
}
