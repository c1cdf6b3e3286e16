package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** CloseCancelledCoverageTask in coverage-handoff: leave removed; clients who were told hear it is off. */
@Component
public class CloseCancelledCoverageWorker {

    private final CoverageHandoff coverage;

    public CloseCancelledCoverageWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_CLOSE_CANCELLED_COVERAGE)
    public void close(@Variable String coverageId) {
        coverage.closeCancelled(UUID.fromString(coverageId));
    }
}
