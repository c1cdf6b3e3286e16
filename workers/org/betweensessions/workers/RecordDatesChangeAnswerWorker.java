package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordDatesChangeAnswerTask in coverage-handoff: the newly named covering clinician's answer. */
@Component
public class RecordDatesChangeAnswerWorker {

    private final CoverageHandoff coverage;

    public RecordDatesChangeAnswerWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_DATES_CHANGE_ANSWER)
    public Map<String, Object> record(
            @Variable String coverageId,
            @Variable(optional = true) String changeAnswer,
            @Variable(optional = true) String changeCoveringAssignee) {
        return Map.of(
                "changeAccepted",
                coverage.changeAnswered(
                        UUID.fromString(coverageId), "ACCEPT".equals(changeAnswer), changeCoveringAssignee));
    }
}
