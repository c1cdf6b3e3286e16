package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** EndCoverageTask in coverage-handoff: the return, the hand-back due time and per-client counts. */
@Component
public class EndCoverageWorker {

    private final CoverageHandoff coverage;

    public EndCoverageWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_END_COVERAGE)
    public CoverageHandoff.Ended end(@Variable String coverageId, @Variable Integer handBackWithinBusinessDays) {
        return coverage.end(UUID.fromString(coverageId), handBackWithinBusinessDays);
    }
}
