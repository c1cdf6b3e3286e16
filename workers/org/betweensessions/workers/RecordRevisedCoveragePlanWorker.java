package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordRevisedPlanTask in coverage-handoff: another covering clinician, or the plan withdrawn. */
@Component
public class RecordRevisedCoveragePlanWorker {

    private final CoverageHandoff coverage;

    public RecordRevisedCoveragePlanWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_REVISED_COVERAGE_PLAN)
    public Map<String, Object> record(
            @Variable String coverageId,
            @Variable(optional = true) String coveringClinicianUsername,
            @Variable(optional = true) Boolean withdrawPlan,
            @Variable(optional = true) String plannerAssignee) {
        return Map.of(
                "planWithdrawn",
                coverage.revised(
                        UUID.fromString(coverageId),
                        coveringClinicianUsername,
                        Boolean.TRUE.equals(withdrawPlan),
                        plannerAssignee));
    }
}
