package org.betweensessions.engine;

import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Against a cluster, {@code bpmn/} and {@code forms/} are deployed at start-up under
 * {@link BundledDeployment}'s rule (a supervisor's Modeler deployment is never undone by a restart).
 * What the cluster holds is read through the Orchestration Cluster REST API (process definition and
 * decision requirements search; needs READ_PROCESS_DEFINITION and READ on
 * DECISION_REQUIREMENTS_DEFINITION).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bsc.engine.embedded", havingValue = "false", matchIfMissing = true)
class ClusterDeployment {

    @Bean
    ApplicationRunner bundledDeployment(
            CamundaClient client,
            JdbcTemplate jdbc,
            MeterRegistry meters,
            @Value("${bsc.engine.deploy-over-cluster:}") Set<String> deployOverCluster) {
        AtomicInteger refused = meters.gauge("bsc_bundled_deployment_refused", new AtomicInteger());
        return args -> {
            var outcome = new BundledDeployment(client, jdbc, latestVersions(client), Clock.systemUTC())
                    .run(ProcessResources.all(), deployOverCluster);
            refused.set(outcome.refused().size());
        };
    }

    static BundledDeployment.LatestVersions latestVersions(CamundaClient client) {
        return (kind, id) -> {
            List<Integer> versions = switch (kind) {
                case "process" ->
                    client
                            .newProcessDefinitionSearchRequest()
                            .filter(f -> f.processDefinitionId(id))
                            .sort(s -> s.version().desc())
                            .page(p -> p.limit(1))
                            .send()
                            .join()
                            .items()
                            .stream()
                            .map(d -> d.getVersion())
                            .toList();
                case "drd" ->
                    client
                            .newDecisionRequirementsSearchRequest()
                            .filter(f -> f.decisionRequirementsId(id))
                            .sort(s -> s.version().desc())
                            .page(p -> p.limit(1))
                            .send()
                            .join()
                            .items()
                            .stream()
                            .map(d -> d.getVersion())
                            .toList();
                // 8.8 has no form search: a form counts as present (its process references it by id).
                default -> List.of(Integer.MIN_VALUE);
            };
            return versions.isEmpty() ? OptionalInt.empty() : OptionalInt.of(versions.getFirst());
        };
    }
}
