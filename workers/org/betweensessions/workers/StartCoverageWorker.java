package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** StartCoverageTask in coverage-handoff: the absence is under way; its stored end. */
@Component
public class StartCoverageWorker {

  private final CoverageHandoff coverage;

  public StartCoverageWorker(CoverageHandoff coverage) {
    this.coverage = coverage;
  }

  @JobWorker(type = ProcessIds.JOB_START_COVERAGE)
  public CoverageHandoff.Started start(@Variable String coverageId) {
    return coverage.start(UUID.fromString(coverageId));
  }
}
