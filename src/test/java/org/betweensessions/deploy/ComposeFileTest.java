package org.betweensessions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.betweensessions.provision.StaffProvisioning;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml's invariants: it parses (Debian's docker-compose validates without a Docker
 * engine; .ci/run installs it), every mounted file exists or is made by the documented setup step,
 * every service has a memory limit, no secret is in an environment, Elasticsearch, MariaDB and the
 * management port are out of the app's or the world's reach, and check-production-setup.sh accepts
 * what setup-production.sh makes.
 */
class ComposeFileTest {

  private static final Path REPO = Path.of("").toAbsolutePath();
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|LICENSE_KEY|KEYS_).*");

  private Map<String, Object> compose;
  /** A copy of the deployment directory after the documented steps (staff list, setup). */
  @TempDir Path deployment;

  @BeforeEach
  void documentedSteps() throws Exception {
    compose = new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml")));
    Files.copy(REPO.resolve("docker-compose.yml"), deployment.resolve("docker-compose.yml"));
    Files.copy(REPO.resolve(".env.example"), deployment.resolve(".env"));
    // The two required lines of .env (docs/production.md, "Bring it up").
    Files.writeString(deployment.resolve(".env"), Files.readString(deployment.resolve(".env"))
        .replace("BSC_PRACTICE_NAME=\n", "BSC_PRACTICE_NAME=Riverside Counseling\n")
        .replace("BSC_PRACTICE_TIME_ZONE=\n", "BSC_PRACTICE_TIME_ZONE=America/New_York\n"));
    Files.createDirectories(deployment.resolve("config"));
    Files.createDirectories(deployment.resolve("scripts"));
    Files.copy(REPO.resolve("scripts/check-production-setup.sh"),
        deployment.resolve("scripts/check-production-setup.sh"));
    Files.copy(REPO.resolve("config/staff.example.csv"), deployment.resolve("config/staff.csv"));
    // What scripts/setup-production.sh runs (inside the app's image).
    StaffProvisioning.generate(StaffProvisioning.read(deployment.resolve("config/staff.csv")),
        deployment.resolve("config/generated"), StaffProvisioning.TasklistMode.APP_ONLY);
  }

  @Test
  void composeFileIsValidAfterTheDocumentedSteps() throws Exception {
    assumeTrue(new File("/usr/bin/docker-compose").canExecute(),
        "docker-compose not installed (.ci/run installs it)");
    assertThat(config(deployment, "config", "-q").exitCode()).isZero();
  }

  @Test
  void everyMountedPathExistsOrIsMadeByTheSetupStep() {
    List<String> sources = new ArrayList<>();
    services().forEach((name, service) -> {
      for (Object volume : list(service.get("volumes"))) {
        if (volume instanceof Map<?, ?> long_ && "bind".equals(long_.get("type"))) {
          sources.add((String) long_.get("source"));
        } else if (volume instanceof String short_ && short_.startsWith(".")) {
          sources.add(short_.split(":")[0]);
        } else if (volume instanceof String short_) {
          assertThat(map(compose.get("volumes"))).as(name + " named volume")
              .containsKey(short_.split(":")[0]);
        }
      }
    });
    map(compose.get("secrets")).values().forEach(s -> sources.add((String) map(s).get("file")));
    assertThat(sources).isNotEmpty();
    Set<String> generated = new HashSet<>();
    StaffProvisioning.OUTPUTS.forEach(o -> generated.add("./config/generated/" + o));
    // Made by the step "cp config/staff.example.csv config/staff.csv".
    generated.add("./config/staff.csv");
    for (String source : sources) {
      assertThat(Files.exists(REPO.resolve(source)) || generated.contains(source))
          .as(source + " is in the repository or made by scripts/setup-production.sh").isTrue();
      assertThat(deployment.resolve(source)).as(source + " after the setup step").isRegularFile();
    }
  }

  @Test
  void everyServiceHasAMemoryLimit() {
    services().forEach((name, service) ->
        assertThat(service.get("mem_limit")).as(name + " mem_limit").isNotNull());
  }

  @Test
  void noSecretIsInAnEnvironment() throws Exception {
    services().forEach((name, service) -> map(service.get("environment")).forEach((key, value) -> {
      String k = (String) key;
      if (!k.endsWith("_FILE")) {
        assertThat(k).as(name + " environment").doesNotMatch(SECRET_NAME);
        // No secret interpolated from .env or the shell either (${BSC_DB_PASSWORD} ...).
        java.util.regex.Matcher interpolated =
            Pattern.compile("\\$\\{([A-Za-z0-9_]+)").matcher(String.valueOf(value));
        while (interpolated.find()) {
          assertThat(interpolated.group(1)).as(name + " " + k).doesNotMatch(SECRET_NAME);
        }
      }
    }));
    // And with the real generated secrets in place, none of them shows in the resolved file.
    assumeTrue(new File("/usr/bin/docker-compose").canExecute(), "docker-compose not installed");
    String resolved = config(deployment, "config").output();
    try (var files = Files.list(deployment.resolve("config/generated/secrets"))) {
      for (Path secret : files.toList()) {
        assertThat(resolved).as(secret.getFileName().toString())
            .doesNotContain(Files.readString(secret).strip());
      }
    }
    assertThat(Files.readString(REPO.resolve(".env.example")))
        .doesNotContainPattern("(?m)^[A-Z_]*(PASSWORD|SECRET)[A-Z_]*=");
  }

  @Test
  void elasticsearchAndTheDatabaseAreOnInternalNetworksTheAppCannotSeeElasticsearch() {
    Map<String, Object> networks = map(compose.get("networks"));
    List<Object> es = list(map(services().get("elasticsearch")).get("networks"));
    List<Object> db = list(map(services().get("mariadb")).get("networks"));
    List<Object> app = list(map(services().get("app")).get("networks"));
    es.forEach(n -> assertThat(map(networks.get(n)).get("internal")).as("network " + n).isEqualTo(true));
    db.forEach(n -> assertThat(map(networks.get(n)).get("internal")).as("network " + n).isEqualTo(true));
    assertThat(app).doesNotContainAnyElementsOf(es);
    assertThat(map(services().get("elasticsearch")).get("ports")).isNull();
    assertThat(map(services().get("mariadb")).get("ports")).isNull();
    assertThat(map(map(services().get("camunda")).get("environment")))
        .containsEntry("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
    services().forEach((name, service) -> list(service.get("ports")).forEach(p ->
        assertThat(String.valueOf(p)).as(name + " port").doesNotContain("9600", "9200", "3306",
            "26500")));
  }

  @Test
  void mariadbIsPinnedToAPatchVersionAndRetentionIsOn() {
    assertThat((String) map(services().get("mariadb")).get("image")).matches("mariadb:\\d+\\.\\d+\\.\\d+");
    assertThat(map(map(services().get("camunda")).get("environment")))
        .containsEntry("CAMUNDA_DATABASE_RETENTION_ENABLED", "true");
  }

  @Test
  void theAppReadsTheStaffListAndThePracticeSettingsItIsGiven() {
    Map<String, Object> app = map(services().get("app"));
    Map<String, Object> environment = map(app.get("environment"));
    String staffFile = (String) environment.get("BSC_PRACTICE_STAFF_FILE");
    assertThat(list(app.get("volumes"))).anySatisfy(v -> {
      assertThat(map(v).get("source")).isEqualTo("./config/staff.csv");
      assertThat(map(v).get("target")).isEqualTo(staffFile);
      assertThat(map(v).get("read_only")).isEqualTo(true);
    });
    assertThat(environment).containsKeys("BSC_PRACTICE_NAME", "BSC_PRACTICE_TIME_ZONE",
        "BSC_PRACTICE_HOLIDAYS");
  }

  @Test
  void theCheckScriptRefusesAnEnvWithoutThePracticesNameAndTimeZone() throws Exception {
    Files.copy(REPO.resolve(".env.example"), deployment.resolve(".env"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Exec check = run(deployment, "bash", "scripts/check-production-setup.sh", "--skip-host");
    assertThat(check.exitCode()).isNotZero();
    assertThat(check.output()).contains("BSC_PRACTICE_NAME is not set",
        "BSC_PRACTICE_TIME_ZONE is not set");
  }

  @Test
  void theCheckScriptAcceptsWhatTheSetupMakesAndRefusesAMissingFile() throws Exception {
    assertThat(run(deployment, "bash", "scripts/check-production-setup.sh", "--skip-host")
        .exitCode()).isZero();
    Files.delete(deployment.resolve("config/generated/secrets/crypto_key_k1"));
    Exec missing = run(deployment, "bash", "scripts/check-production-setup.sh", "--skip-host");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output()).contains("crypto_key_k1");
  }

  private Map<String, Map<String, Object>> services() {
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    return services;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  record Exec(int exitCode, String output) {}

  private static Exec config(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker-compose", "-f", "docker-compose.yml"));
    command.addAll(List.of(args));
    return run(dir, command.toArray(String[]::new));
  }

  private static Exec run(Path dir, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("BSC_") || k.startsWith("CAMUNDA_"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    return new Exec(process.exitValue(), out);
  }
}
