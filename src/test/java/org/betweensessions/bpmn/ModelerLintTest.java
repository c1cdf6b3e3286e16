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
 * Runs Camunda Modeler's own linters: bpmnlint + camunda-compat (rule set camunda-cloud-8-8) over
 * every diagram in bpmn/, and @camunda/form-linting over every form in forms/. What a supervisor
 * would see as errors in Modeler fails the build.
 */
class ModelerLintTest {

  private static final File LINT = new File("lint");

  @Test
  void everyDiagramPassesModelersLinter() throws Exception {
    if (!new File(LINT, "node_modules/bpmnlint-plugin-camunda-compat").isDirectory()) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
    }
    File[] diagrams = new File("bpmn").listFiles((dir, name) -> name.endsWith(".bpmn"));
    assertThat(diagrams).isNotEmpty();
    List<String> command = new ArrayList<>(List.of("npx", "--no-install", "bpmnlint", "-c",
        ".bpmnlintrc"));
    Arrays.stream(diagrams).map(File::getAbsolutePath).sorted().forEach(command::add);

    Result result = run(command, 120);

    assertThat(result.exitCode()).as("bpmnlint reported errors:%n%s", result.output()).isZero();
  }

  /** The form linter Modeler uses (@camunda/form-linting) over every form in forms/. */
  @Test
  void everyFormPassesModelersFormLinter() throws Exception {
    if (!new File(LINT, "node_modules/@camunda/form-linting").isDirectory()) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
    }
    Result result = run(List.of("node", "forms.mjs", new File("forms").getAbsolutePath()), 120);

    assertThat(result.exitCode()).as("form linter reported problems:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("respond-to-client-message.form: ok");
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(LINT).redirectErrorStream(true).start();
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
