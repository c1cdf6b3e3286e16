package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** SummariesMissingAtStartTask in coverage-handoff: the supervisor hears the absence started without them. */
@Component
public class AlertSummariesMissingWorker {

    private final CoverageHandoff coverage;

    public AlertSummariesMissingWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_ALERT_SUMMARIES_MISSING)
    public void alert(@Variable String coverageId) {
        coverage.summariesMissing(UUID.fromString(coverageId));
    }
}
