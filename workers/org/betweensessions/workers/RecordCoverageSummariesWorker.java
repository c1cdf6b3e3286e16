package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordCoverageSummariesTask in coverage-handoff: are the summaries and warm hand-offs done
 * (database), and has the clinician confirmed it in the form (summariesWritten)? */
@Component
public class RecordCoverageSummariesWorker {

    private final CoverageHandoff coverage;

    public RecordCoverageSummariesWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_COVERAGE_SUMMARIES)
    public Map<String, Object> record(
            @Variable String coverageId,
            @Variable(optional = true) Boolean summariesWritten,
            @Variable(optional = true) String summaryAssignee) {
        return Map.of(
                "summariesReady",
                coverage.summariesRecorded(
                        UUID.fromString(coverageId), Boolean.TRUE.equals(summariesWritten), summaryAssignee));
    }
}
