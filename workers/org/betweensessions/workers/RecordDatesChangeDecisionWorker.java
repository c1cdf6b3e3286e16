package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordDatesChangeDecisionTask in coverage-handoff: the clinical director's decision on the extension. */
@Component
public class RecordDatesChangeDecisionWorker {

    private final CoverageHandoff coverage;

    public RecordDatesChangeDecisionWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_DATES_CHANGE_DECISION)
    public Map<String, Object> record(
            @Variable String coverageId,
            @Variable(optional = true) String changeDecision,
            @Variable(optional = true) String changeApproverAssignee) {
        return Map.of(
                "changeApproved",
                coverage.changeDecided(
                        UUID.fromString(coverageId), "APPROVE".equals(changeDecision), changeApproverAssignee));
    }
}
