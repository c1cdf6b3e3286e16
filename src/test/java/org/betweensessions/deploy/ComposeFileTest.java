package org.betweensessions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid and refuses to start without its secrets. Uses Debian's docker-compose
 * (which validates without a Docker engine); .ci/run installs it.
 */
class ComposeFileTest {

  private static final Map<String, String> SECRETS = Map.of(
      "BSC_DB_PASSWORD", "x", "BSC_DB_ROOT_PASSWORD", "x",
      "BSC_CRYPTO_KEY_K1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "CAMUNDA_ADMIN_PASSWORD", "x", "BSC_CAMUNDA_PASSWORD", "x",
      "BSC_USERS_FILE_HOST_PATH", "/etc/hostname");

  @Test
  void composeFileIsValidWithItsSecrets() throws Exception {
    assumeTrue(new File("/usr/bin/docker-compose").canExecute(),
        "docker-compose not installed (.ci/run installs it)");
    assertThat(config(SECRETS)).isZero();
  }

  @Test
  void composeFileRefusesToStartWithoutTheEncryptionKey() throws Exception {
    assumeTrue(new File("/usr/bin/docker-compose").canExecute(),
        "docker-compose not installed (.ci/run installs it)");
    var withoutKey = new java.util.HashMap<>(SECRETS);
    withoutKey.remove("BSC_CRYPTO_KEY_K1");
    assertThat(config(withoutKey)).isNotZero();
  }

  private static int config(Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of("docker-compose", "-f",
        "docker-compose.yml", "config", "-q")).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("BSC_") || k.startsWith("CAMUNDA_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    return process.exitValue();
  }
}
