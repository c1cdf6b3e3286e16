package org.betweensessions.coverage;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * coverage-handoff in the engine: starting an instance for a coverage, the messages people's changes
 * send to it (correlated by coverage id), and rebuilding a lost instance where the coverage stood.
 * Variables: the coverage id and flags only.
 */
@Component
public class CoverageEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CoverageEngine.class);
    /** A change waits for the instance this long (it may be between two steps). */
    private static final Duration BUFFERED = Duration.ofHours(1);

    private final ObjectProvider<CamundaClient> camunda;

    CoverageEngine(ObjectProvider<CamundaClient> camunda) {
        this.camunda = camunda;
    }

    String datesChanged() {
        return ProcessIds.COVERAGE_DATES_CHANGED;
    }

    String changeRequested() {
        return ProcessIds.COVERAGE_DATES_CHANGE_REQUESTED;
    }

    String coveringUnavailable() {
        return ProcessIds.COVERING_CLINICIAN_UNAVAILABLE;
    }

    String cancelled() {
        return ProcessIds.COVERAGE_CANCELLED;
    }

    /**
     * After the plan commits. If the engine is unreachable the coverage has no instance key, and the
     * reconciliation starts it.
     */
    void start(UUID coverageId) {
        try {
            camunda.getObject()
                    .newCreateInstanceCommand()
                    .bpmnProcessId(ProcessIds.COVERAGE_HANDOFF)
                    .latestVersion()
                    .variables(Map.of("coverageId", coverageId.toString()))
                    .send()
                    .join();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Engine unavailable; coverage {} will be started by the reconciliation: {}",
                    coverageId,
                    e.getMessage());
        }
    }

    void publish(UUID coverageId, String name, Map<String, Object> variables) {
        try {
            camunda.getObject()
                    .newPublishMessageCommand()
                    .messageName(name)
                    .correlationKey(coverageId.toString())
                    .timeToLive(BUFFERED)
                    .variables(variables)
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            LOG.warn("Engine unavailable; {} for coverage {} not published: {}", name, coverageId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Could not publish {} for coverage {}: {}", name, coverageId, e.getMessage());
        }
    }

    /**
     * A new instance for a coverage whose instance is lost. It starts at the beginning: the decisions
     * run again and gateway CoverageStandsGateway (variable {@code stood} from OpenCoverageTask) takes
     * it where the coverage stood: planning (the checks again; an acceptance the database records is
     * not asked again, and a plan back with the clinician resumes at the revision task),
     * approved (summaries, notices and start from their stored times; nothing sent twice), under way
     * (the end timer at the stored end), ended (the hand-back task at its stored due time).
     */
    long redrive(Coverage coverage) {
        long key = camunda.getObject()
                .newCreateInstanceCommand()
                .bpmnProcessId(ProcessIds.COVERAGE_HANDOFF)
                .latestVersion()
                .variables(Map.of("coverageId", coverage.getId().toString(), "resumed", true))
                .send()
                .join()
                .getProcessInstanceKey();
        if (coverage.getChangeEndsOn() != null) {
            // A requested extension was waiting: its checks run again in the new instance (an
            // acceptance the database records is not asked again).
            publish(coverage.getId(), changeRequested(), Map.of());
        }
        return key;
    }
}
