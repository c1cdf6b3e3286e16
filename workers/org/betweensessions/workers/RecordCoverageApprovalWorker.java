package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordCoverageApprovalTask in coverage-handoff: the leave, the stored summary and notice times, the clients;
 * whether a full coverage plan was reviewed (fullCoveragePlanReviewed) is audited. */
@Component
public class RecordCoverageApprovalWorker {

    private final CoverageHandoff coverage;

    public RecordCoverageApprovalWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_COVERAGE_APPROVAL)
    public CoverageHandoff.Approved record(
            @Variable String coverageId,
            @Variable(optional = true) String approverAssignee,
            @Variable Integer summariesLeadDays,
            @Variable Integer noticeLeadDays,
            @Variable(optional = true) Boolean fullCoveragePlan,
            @Variable(optional = true) Boolean fullCoveragePlanReviewed) {
        return coverage.approved(
                UUID.fromString(coverageId),
                approverAssignee,
                summariesLeadDays,
                noticeLeadDays,
                Boolean.TRUE.equals(fullCoveragePlan),
                Boolean.TRUE.equals(fullCoveragePlanReviewed));
    }
}
