package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RecordDatesChangeRevisionTask in coverage-handoff: the old dates kept, or another covering
 * clinician named for the whole absence.
 */
@Component
public class RecordDatesChangeRevisionWorker {

    private final CoverageHandoff coverage;

    public RecordDatesChangeRevisionWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_DATES_CHANGE_REVISION)
    public CoverageHandoff.ChangeRevised record(
            @Variable String coverageId,
            @Variable(optional = true) String changeCoveringClinicianUsername,
            @Variable(optional = true) Boolean keepOldDates,
            @Variable(optional = true) String changePlannerAssignee) {
        return coverage.changeRevised(
                UUID.fromString(coverageId),
                changeCoveringClinicianUsername,
                Boolean.TRUE.equals(keepOldDates),
                changePlannerAssignee);
    }
}
