package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * CommitDatesChangeTask in coverage-handoff: the checked extension takes effect (during the absence
 * the running instance hears of it and moves its end timer).
 */
@Component
public class CommitCoverageDatesChangeWorker {

    private final CoverageHandoff coverage;

    public CommitCoverageDatesChangeWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_COMMIT_COVERAGE_DATES_CHANGE)
    public void commit(@Variable String coverageId) {
        coverage.commitChange(UUID.fromString(coverageId));
    }
}
