package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** SendClientNoticesTask in coverage-handoff: every client told in advance (outbox, once each). */
@Component
public class SendCoverageNoticesWorker {

    private final CoverageHandoff coverage;

    public SendCoverageNoticesWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_COVERAGE_NOTICES)
    public Map<String, Object> send(@Variable String coverageId) {
        return Map.of("clientsNotified", coverage.sendNotices(UUID.fromString(coverageId)));
    }
}
