package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordCoverageDeclinedTask and RecordNotApprovedTask in coverage-handoff: back to planning. */
@Component
public class ReturnCoverageToPlanningWorker {

    private final CoverageHandoff coverage;

    public ReturnCoverageToPlanningWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RETURN_COVERAGE_TO_PLANNING)
    public void record(
            @Variable String coverageId,
            @Variable String returnReason,
            @Variable(optional = true) String coveringAssignee,
            @Variable(optional = true) String approverAssignee) {
        coverage.returnToPlanning(
                UUID.fromString(coverageId),
                returnReason,
                "DECLINED".equals(returnReason) ? coveringAssignee : approverAssignee);
    }
}
