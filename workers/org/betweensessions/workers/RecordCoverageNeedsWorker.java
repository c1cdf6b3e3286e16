package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.coverage.CoverageHandoff.RouteDuringAbsence;
import org.betweensessions.coverage.CoverageHandoff.SummaryNeed;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RecordCoverageNeedsTask in coverage-handoff: what decisions coverage-summary (per client) and
 * coverage-routing (per category) gave, stored with the coverage and its leave.
 */
@Component
public class RecordCoverageNeedsWorker {

    private final CoverageHandoff coverage;

    public RecordCoverageNeedsWorker(CoverageHandoff coverage) {
        this.coverage = coverage;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_COVERAGE_NEEDS)
    public CoverageHandoff.Needs record(
            @Variable String coverageId,
            @Variable(optional = true) List<Map<String, Object>> summaryNeeds,
            @Variable(optional = true) List<Map<String, Object>> routingDuringAbsence) {
        List<SummaryNeed> needs = summaryNeeds == null
                ? List.of()
                : summaryNeeds.stream()
                        .map(n -> new SummaryNeed(
                                str(n.get("clientId")),
                                str(n.get("summaryKind")),
                                n.get("warmHandoff") instanceof Boolean b ? b : Boolean.FALSE))
                        .toList();
        List<RouteDuringAbsence> routing = routingDuringAbsence == null
                ? List.of()
                : routingDuringAbsence.stream()
                        .map(r -> new RouteDuringAbsence(str(r.get("category")), str(r.get("route"))))
                        .toList();
        return coverage.needs(UUID.fromString(coverageId), needs, routing);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
