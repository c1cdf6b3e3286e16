package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * CheckDatesChangeTask in coverage-handoff (event sub-process "Dates change requested"): the
 * requested last day, the facts coverage-approval decides on, and whether the covering clinician is
 * free and licensed on the new days.
 */
@Component
public class CheckCoverageDatesChangeWorker {

    private final CoverageHandoff coverage;

    public CheckCoverageDatesChangeWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_CHECK_COVERAGE_DATES_CHANGE)
    public CoverageHandoff.ChangeChecked check(@Variable String coverageId) {
        return coverage.checkChange(UUID.fromString(coverageId));
    }
}
