package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.ProcessInstanceKey;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** OpenCoverageTask in coverage-handoff: the instance is the coverage's; facts for the decisions. */
@Component
public class OpenCoverageWorker {

    private final CoverageHandoff coverage;

    public OpenCoverageWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_OPEN_COVERAGE)
    public CoverageHandoff.Opened open(@Variable String coverageId, @ProcessInstanceKey long processInstanceKey) {
        return coverage.open(UUID.fromString(coverageId), processInstanceKey);
    }
}
