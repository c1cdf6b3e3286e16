package org.betweensessions.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.value.deployment.DecisionRequirementsMetadataValue;
import io.camunda.zeebe.protocol.record.value.deployment.ProcessMetadataValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The deployment rule on the engine: bundled table deployed, a supervisor deploys a change from
 * Modeler, the application starts again (same bundle), and the supervisor's table still decides. A
 * release that changed the bundled file is refused while the cluster holds the Modeler version,
 * until the file is named in bsc.engine.deploy-over-cluster. Uses a decision of its own (unique ids),
 * so the practice's tables in the shared engine are untouched.
 */
class BundledDeploymentTest extends EmbeddedStackTest {

    @Autowired
    CamundaClient client;

    @Autowired
    JdbcTemplate jdbc;

    private final String id = "deployment_rule_" + UUID.randomUUID().toString().substring(0, 8);
    private final String file = id + ".dmn";

    @Test
    void aRestartDoesNotUndoAModelerChange() {
        BundledDeployment app = new BundledDeployment(client, jdbc, this::latest, Clock.systemUTC());

        // 1. First start: the bundled table is deployed (version 1).
        var first = app.run(bundle(dmn("bundled")), Set.of());
        assertThat(first.deployed()).containsExactly(file);
        assertThat(latest("drd", id)).hasValue(1);
        assertThat(decide()).isEqualTo("bundled");

        // 2. A supervisor deploys a changed table from Modeler (same file name, version 2).
        client.newDeployResourceCommand()
                .addResourceBytes(dmn("supervisor").getBytes(), file)
                .send()
                .join();
        assertThat(latest("drd", id)).hasValue(2);

        // 3. The application restarts with the same bundle: nothing deployed, the change stands.
        var restart = app.run(bundle(dmn("bundled")), Set.of());
        assertThat(restart.deployed()).isEmpty();
        assertThat(restart.unchanged()).containsExactly(file);
        assertThat(latest("drd", id)).hasValue(2);
        assertThat(decide()).isEqualTo("supervisor");

        // 4. A release changed the bundled file without taking the Modeler change: refused.
        var release = app.run(bundle(dmn("release")), Set.of());
        assertThat(release.refused()).containsExactly(file);
        assertThat(latest("drd", id)).hasValue(2);
        assertThat(decide()).isEqualTo("supervisor");

        // 5. The change is merged and the operator names the file: deployed over the cluster's (v3).
        var merged = app.run(bundle(dmn("merged")), Set.of(file));
        assertThat(merged.deployed()).containsExactly(file);
        assertThat(latest("drd", id)).hasValue(3);
        assertThat(decide()).isEqualTo("merged");
        assertThat(jdbc.queryForObject(
                        "select version from bundled_deployment where definition_id = ?", Integer.class, id))
                .isEqualTo(3);

        // 6. And restarts after that deploy nothing again.
        assertThat(app.run(bundle(dmn("merged")), Set.of()).unchanged()).containsExactly(file);
        assertThat(latest("drd", id)).hasValue(3);
    }

    @Test
    void aClusterThatLostTheDefinitionGetsItAgainAndAnUnreadableClusterIsNotOverwritten() {
        var seen = new AtomicReference<OptionalInt>(OptionalInt.empty());
        new BundledDeployment(client, jdbc, this::latest, Clock.systemUTC()).run(bundle(dmn("bundled")), Set.of());
        // A cluster restored from an old backup (or recreated) does not hold it: deployed again.
        var emptyCluster = new BundledDeployment(client, jdbc, (k, i) -> seen.get(), Clock.systemUTC());
        assertThat(emptyCluster.run(bundle(dmn("bundled")), Set.of()).deployed())
                .containsExactly(file);
        // Cannot read the cluster: a changed file is refused, not deployed blindly.
        var unreadable = new BundledDeployment(
                client,
                jdbc,
                (k, i) -> {
                    throw new IllegalStateException("REST API unreachable");
                },
                Clock.systemUTC());
        assertThat(unreadable.run(bundle(dmn("release")), Set.of()).refused()).containsExactly(file);
        assertThat(decide()).isEqualTo("bundled");
    }

    private List<Resource> bundle(String xml) {
        return List.of(new ByteArrayResource(xml.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return file;
            }
        });
    }

    private String decide() {
        return client.newEvaluateDecisionCommand()
                .decisionId(id + "_decision")
                .send()
                .join()
                .getDecisionOutput()
                .replace("\"", "");
    }

    /** What the engine holds, read from its records (the cluster's REST search in production). */
    private OptionalInt latest(String kind, String definitionId) {
        int max = 0;
        for (var r : engine.getRecordStreamSource().getRecords()) {
            if (kind.equals("drd")
                    && r.getValueType() == ValueType.DECISION_REQUIREMENTS
                    && r.getValue() instanceof DecisionRequirementsMetadataValue d
                    && d.getDecisionRequirementsId().equals(definitionId)) {
                max = Math.max(max, d.getDecisionRequirementsVersion());
            } else if (kind.equals("process")
                    && r.getValueType() == ValueType.PROCESS
                    && r.getValue() instanceof ProcessMetadataValue p
                    && p.getBpmnProcessId().equals(definitionId)) {
                max = Math.max(max, p.getVersion());
            }
        }
        return max == 0 ? OptionalInt.empty() : OptionalInt.of(max);
    }

    private String dmn(String output) {
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="%1$s" name="Rule test"
            namespace="http://camunda.org/schema/1.0/dmn">
          <decision id="%1$s_decision" name="Rule test">
            <variable id="%1$s_var" name="result" typeRef="string" />
            <literalExpression id="%1$s_expr"><text>"%2$s"</text></literalExpression>
          </decision>
        </definitions>
        """.formatted(id, output).strip();
    }
}
