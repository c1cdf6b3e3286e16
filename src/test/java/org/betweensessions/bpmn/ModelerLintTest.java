package org.betweensessions.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs Camunda Modeler's own linters from the project root, exactly as a person would type them:
 * {@code npx bpmnlint bpmn/*.bpmn} (bpmnlint + camunda-compat, rule set camunda-cloud-8-8, with the
 * root .bpmnlintrc, which parses zeebe: elements with zeebe-bpmn-moddle as Modeler does) and
 * {@code node lint/forms.mjs forms} (@camunda/form-linting). What a supervisor would see as errors
 * in Modeler fails the build.
 */
class ModelerLintTest {

    private static final File ROOT = new File(".");

    @Test
    void everyDiagramPassesModelersLinter() throws Exception {
        installLinters("bpmnlint-plugin-camunda-compat");
        File[] diagrams = new File("bpmn").listFiles((dir, name) -> name.endsWith(".bpmn"));
        assertThat(diagrams).isNotEmpty();
        List<String> command = new ArrayList<>(List.of("npx", "--no-install", "bpmnlint"));
        Arrays.stream(diagrams).map(d -> "bpmn/" + d.getName()).sorted().forEach(command::add);

        Result result = run(command, 120);

        assertThat(result.exitCode())
                .as("bpmnlint reported errors:%n%s", result.output())
                .isZero();
        assertThat(result.output()).as("no problems at all, warnings included").doesNotContain("✖");
    }

    /** The form linter Modeler uses (@camunda/form-linting) over every form in forms/. */
    @Test
    void everyFormPassesModelersFormLinter() throws Exception {
        installLinters("@camunda/form-linting");
        Result result = run(List.of("node", "lint/forms.mjs", "forms"), 120);

        assertThat(result.exitCode())
                .as("form linter reported problems:%n%s", result.output())
                .isZero();
        assertThat(result.output()).contains("respond-to-client-message.form: ok");
    }

    private record Result(int exitCode, String output) {}

    /** {@code npm ci} in the project root (package.json, package-lock.json) unless already done. */
    private static void installLinters(String probe) throws IOException, InterruptedException {
        if (!new File(ROOT, "node_modules/" + probe).isDirectory()) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(ROOT)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        Result result = new Result(process.exitValue(), output);
        if (command.get(1).equals("ci")) {
            assertThat(result.exitCode()).as("npm ci failed:%n%s", output).isZero();
        }
        return result;
    }
}
