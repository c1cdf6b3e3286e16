package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordHandBackTask in coverage-handoff: the returning clinician took their clients back
 * (the form's handBackReviewed confirmation goes into the audit entry). */
@Component
public class RecordHandBackWorker {

    private final CoverageHandoff coverage;

    public RecordHandBackWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_HAND_BACK)
    public void record(
            @Variable String coverageId,
            @Variable(optional = true) Boolean handBackReviewed,
            @Variable(optional = true) String clinicianAssignee) {
        coverage.handedBack(UUID.fromString(coverageId), Boolean.TRUE.equals(handBackReviewed), clinicianAssignee);
    }
}
