package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** SupervisorCoversTask in coverage-handoff: the supervisor is alerted and answers from now on. */
@Component
public class SupervisorCoversWorker {

    private final CoverageHandoff coverage;

    public SupervisorCoversWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_SUPERVISOR_COVERS)
    public Map<String, Object> cover(@Variable String coverageId) {
        return Map.of("coveringAssignee", coverage.supervisorCovers(UUID.fromString(coverageId)));
    }
}
