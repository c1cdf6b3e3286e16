package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordCoverageAcceptedTask in coverage-handoff: the covering clinician accepted. */
@Component
public class RecordCoverageAcceptedWorker {

    private final CoverageHandoff coverage;

    public RecordCoverageAcceptedWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_COVERAGE_ACCEPTED)
    public void record(@Variable String coverageId, @Variable(optional = true) String coveringAssignee) {
        coverage.accepted(UUID.fromString(coverageId), coveringAssignee);
    }
}
