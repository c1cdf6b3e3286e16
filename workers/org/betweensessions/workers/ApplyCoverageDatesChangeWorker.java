package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** ApplyDatesChangeTask in coverage-handoff: the stored new end; clients who were told hear it. */
@Component
public class ApplyCoverageDatesChangeWorker {

    private final CoverageHandoff coverage;

    public ApplyCoverageDatesChangeWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_APPLY_COVERAGE_DATES_CHANGE)
    public Map<String, Object> apply(@Variable String coverageId) {
        return Map.of("coverageEndsAt", coverage.datesChanged(UUID.fromString(coverageId)));
    }
}
