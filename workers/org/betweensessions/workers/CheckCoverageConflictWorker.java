package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** CheckCoverageConflictTask in coverage-handoff: is the covering clinician free; who accepts and approves. */
@Component
public class CheckCoverageConflictWorker {

    private final CoverageHandoff coverage;

    public CheckCoverageConflictWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_CHECK_COVERAGE_CONFLICT)
    public CoverageHandoff.Checked check(@Variable String coverageId, @Variable String approvalLevel) {
        return coverage.check(UUID.fromString(coverageId), approvalLevel);
    }
}
