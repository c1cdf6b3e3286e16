package org.betweensessions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.betweensessions.provision.PracticeProperties;
import org.betweensessions.provision.StaffProvisioning;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.security.oauth2.client.OAuth2ClientProperties;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml's invariants: it parses (Debian's docker-compose validates without a Docker
 * engine; .ci/run installs it), every mounted file exists or is made by the documented setup step,
 * every service has a memory limit, no secret is in an environment, Elasticsearch, MariaDB and the
 * management port are out of the app's or the world's reach, and check-production-setup.sh accepts
 * what setup-production.sh makes. The same for OIDC (docker-compose.oidc.yml over it): the merged
 * files validate with the documented .env, the app's variables bind to the Spring and Camunda
 * properties they are meant for, and Camunda's generated file has the keys of Camunda's 8.8 compose.
 */
class ComposeFileTest {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|LICENSE_KEY|KEYS_).*");

    private Map<String, Object> compose;
    /** A copy of the deployment directory after the documented steps (staff list, setup). */
    @TempDir
    Path deployment;

    @BeforeEach
    void documentedSteps() throws Exception {
        compose = new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml")));
        Files.copy(REPO.resolve("docker-compose.yml"), deployment.resolve("docker-compose.yml"));
        Files.copy(REPO.resolve(".env.example"), deployment.resolve(".env"));
        // The two required lines of .env (docs/production.md, "Bring it up").
        Files.writeString(
                deployment.resolve(".env"),
                Files.readString(deployment.resolve(".env"))
                        .replace("BSC_PRACTICE_NAME=\n", "BSC_PRACTICE_NAME=Riverside Counseling\n")
                        .replace("BSC_PRACTICE_TIME_ZONE=\n", "BSC_PRACTICE_TIME_ZONE=America/New_York\n"));
        Files.createDirectories(deployment.resolve("config"));
        Files.createDirectories(deployment.resolve("scripts"));
        Files.copy(
                REPO.resolve("scripts/check-production-setup.sh"),
                deployment.resolve("scripts/check-production-setup.sh"));
        Files.copy(REPO.resolve("config/staff.example.csv"), deployment.resolve("config/staff.csv"));
        // What scripts/setup-production.sh runs (inside the app's image).
        StaffProvisioning.generate(
                StaffProvisioning.read(deployment.resolve("config/staff.csv")),
                deployment.resolve("config/generated"),
                StaffProvisioning.TasklistMode.APP_ONLY);
    }

    @Test
    void composeFileIsValidAfterTheDocumentedSteps() throws Exception {
        assumeTrue(
                new File("/usr/bin/docker-compose").canExecute(), "docker-compose not installed (.ci/run installs it)");
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
                    assertThat(map(compose.get("volumes")))
                            .as(name + " named volume")
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
                    .as(source + " is in the repository or made by scripts/setup-production.sh")
                    .isTrue();
            assertThat(deployment.resolve(source))
                    .as(source + " after the setup step")
                    .isRegularFile();
        }
    }

    @Test
    void everyServiceHasAMemoryLimit() {
        services()
                .forEach((name, service) -> assertThat(service.get("mem_limit"))
                        .as(name + " mem_limit")
                        .isNotNull());
    }

    @Test
    void noSecretIsInAnEnvironment() throws Exception {
        services()
                .forEach((name, service) -> map(service.get("environment")).forEach((key, value) -> {
                    String k = (String) key;
                    if (!k.endsWith("_FILE")) {
                        assertThat(k).as(name + " environment").doesNotMatch(SECRET_NAME);
                        // No secret interpolated from .env or the shell either (${BSC_DB_PASSWORD} ...).
                        Matcher interpolated =
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
                assertThat(resolved)
                        .as(secret.getFileName().toString())
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
        es.forEach(n -> assertThat(map(networks.get(n)).get("internal"))
                .as("network " + n)
                .isEqualTo(true));
        db.forEach(n -> assertThat(map(networks.get(n)).get("internal"))
                .as("network " + n)
                .isEqualTo(true));
        assertThat(app).doesNotContainAnyElementsOf(es);
        assertThat(map(services().get("elasticsearch")).get("ports")).isNull();
        assertThat(map(services().get("mariadb")).get("ports")).isNull();
        assertThat(map(map(services().get("camunda")).get("environment")))
                .containsEntry("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
        services()
                .forEach((name, service) -> list(service.get("ports"))
                        .forEach(p -> assertThat(String.valueOf(p))
                                .as(name + " port")
                                .doesNotContain("9600", "9200", "3306", "26500")));
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
        assertThat(environment).containsKeys("BSC_PRACTICE_NAME", "BSC_PRACTICE_TIME_ZONE", "BSC_PRACTICE_HOLIDAYS");
        // The variables arrive as the properties the app's start-up reads (StaffListAtStart).
        Map<String, Object> variables = new HashMap<>();
        environment.forEach((k, v) -> variables.put(k, String.valueOf(v)));
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().remove("systemEnvironment");
        spring.getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("compose-systemEnvironment", variables));
        // No placeholder resolution: these are Compose's ${...}, resolved by Compose from .env.
        var practice = new Binder(ConfigurationPropertySources.get(spring))
                .bind("bsc.practice", PracticeProperties.class)
                .get();
        assertThat(practice.staffFile()).isEqualTo(staffFile);
        assertThat(practice.name()).isEqualTo("${BSC_PRACTICE_NAME:-}");
        assertThat(practice.timeZone()).isEqualTo("${BSC_PRACTICE_TIME_ZONE:-}");
    }

    @Test
    void theCheckScriptRefusesAnEnvWithoutThePracticesNameAndTimeZone() throws Exception {
        Files.copy(REPO.resolve(".env.example"), deployment.resolve(".env"), StandardCopyOption.REPLACE_EXISTING);
        Exec check = run(deployment, "bash", "scripts/check-production-setup.sh", "--skip-host");
        assertThat(check.exitCode()).isNotZero();
        assertThat(check.output()).contains("BSC_PRACTICE_NAME is not set", "BSC_PRACTICE_TIME_ZONE is not set");
    }

    @Test
    void theCheckScriptAcceptsWhatTheSetupMakesAndRefusesAMissingFile() throws Exception {
        assertThat(run(deployment, "bash", "scripts/check-production-setup.sh", "--skip-host")
                        .exitCode())
                .isZero();
        Files.delete(deployment.resolve("config/generated/secrets/crypto_key_k1"));
        Exec missing = run(deployment, "bash", "scripts/check-production-setup.sh", "--skip-host");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.output()).contains("crypto_key_k1");
    }

    /** The OIDC settings docs/production.md asks for in .env, with the provider's two secrets. */
    private void oidcSteps() throws Exception {
        Files.copy(REPO.resolve("docker-compose.oidc.yml"), deployment.resolve("docker-compose.oidc.yml"));
        String idp = "https://login.practice.example/realms/practice/protocol/openid-connect";
        Files.writeString(
                deployment.resolve(".env"),
                String.join(
                        "\n",
                        "COMPOSE_FILE=docker-compose.yml:docker-compose.oidc.yml",
                        "BSC_AUTH=oidc",
                        "BSC_OIDC_ISSUER_URI=https://login.practice.example/realms/practice",
                        "BSC_OIDC_AUTHORIZATION_URI=" + idp + "/auth",
                        "BSC_OIDC_TOKEN_URI=" + idp + "/token",
                        "BSC_OIDC_JWK_SET_URI=" + idp + "/certs",
                        "BSC_OIDC_CAMUNDA_CLIENT_ID=camunda",
                        "BSC_OIDC_CAMUNDA_AUDIENCE=camunda-api",
                        "BSC_OIDC_CAMUNDA_URL=https://camunda.practice.example",
                        "BSC_OIDC_APP_CLIENT_ID=between-sessions",
                        "BSC_OIDC_APP_URL=https://app.practice.example",
                        "BSC_CAMUNDA_ADMINS=it-admin",
                        ""),
                StandardOpenOption.APPEND);
        Path secrets = deployment.resolve("config/generated/secrets");
        Files.writeString(secrets.resolve("oidc_camunda_client_secret"), "camunda-client-secret-123");
        Files.writeString(secrets.resolve("oidc_app_client_secret"), "app-client-secret-456");
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(deployment.resolve(".env"))) {
            if (line.matches("[A-Z_]+=.*")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        // What setup-production.sh then runs, with those .env lines in its environment.
        StaffProvisioning.generate(
                StaffProvisioning.read(deployment.resolve("config/staff.csv")),
                deployment.resolve("config/generated"),
                StaffProvisioning.TasklistMode.APP_ONLY,
                null,
                StaffProvisioning.Oidc.fromEnvironment(env, deployment.resolve("config/generated")));
    }

    @Test
    void withOidcTheMergedFilesValidateAndTheCheckAcceptsTheDocumentedSteps() throws Exception {
        oidcSteps();
        assertThat(run(deployment, "bash", "scripts/check-production-setup.sh", "--skip-host")
                        .output())
                .doesNotContain("FAIL");
        assumeTrue(new File("/usr/bin/docker-compose").canExecute(), "docker-compose not installed");
        // No -f: COMPOSE_FILE in .env names both files, as for `docker compose up`.
        Exec config = run(deployment, "docker-compose", "config");
        assertThat(config.exitCode()).as(config.output()).isZero();
        Map<String, Object> merged = new Yaml().load(config.output());
        Map<String, Object> app = map(map(merged.get("services")).get("app"));
        Map<String, Object> camunda = map(map(merged.get("services")).get("camunda"));
        assertThat(map(camunda.get("environment"))).containsEntry("CAMUNDA_SECURITY_AUTHENTICATION_METHOD", "oidc");
        // The app's client secret reaches both of its uses as files, and is in no environment.
        assertThat(list(app.get("secrets")))
                .extracting(x -> map(x).get("target"))
                .contains(
                        "camunda.client.auth.client-secret",
                        "spring.security.oauth2.client.registration.practice.client-secret");
        assertThat(config.output()).doesNotContain("app-client-secret-456", "camunda-client-secret-123");
        map(merged.get("services"))
                .forEach((name, service) -> map(map(service).get("environment"))
                        .keySet()
                        .forEach(k -> assertThat((String) k)
                                .as(name + " environment")
                                .matches(
                                        key -> !SECRET_NAME.matcher(key).matches()
                                                || key.matches(".*(URI|URL|PATH|_FILE)"),
                                        "names no secret (addresses aside)")));
        // Missing settings stop `docker compose` before anything starts, naming the variable.
        Files.writeString(
                deployment.resolve(".env"),
                Files.readString(deployment.resolve(".env")).replace("BSC_OIDC_TOKEN_URI=", "#BSC_OIDC_TOKEN_URI="));
        Exec missing = run(deployment, "docker-compose", "config", "-q");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.output()).contains("BSC_OIDC_TOKEN_URI");
    }

    /**
     * The app's environment in the merged OIDC file, bound by Spring Boot's own rules (as the
     * container's variables are): the OAuth2 sign-in, the resource server and the Camunda client's
     * OIDC settings all arrive under the property names the app and the starter read.
     */
    @Test
    void withOidcTheAppsVariablesBindToTheSpringAndCamundaProperties() throws Exception {
        oidcSteps();
        assumeTrue(new File("/usr/bin/docker-compose").canExecute(), "docker-compose not installed");
        Map<String, Object> merged =
                new Yaml().load(run(deployment, "docker-compose", "config").output());
        Map<String, Object> environment = new HashMap<>();
        map(map(map(merged.get("services")).get("app")).get("environment"))
                .forEach((k, v) -> environment.put((String) k, String.valueOf(v)));
        StandardEnvironment spring = new StandardEnvironment();
        // Only the container's variables; Spring Boot maps a source named *-systemEnvironment with its
        // environment-variable rules (CLIENTID and CLIENT_ID both for client-id).
        spring.getPropertySources().remove("systemEnvironment");
        spring.getPropertySources().remove("systemProperties");
        spring.getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("compose-systemEnvironment", environment));
        Binder binder = Binder.get(spring);

        var client = binder.bind("spring.security.oauth2.client", OAuth2ClientProperties.class)
                .get();
        var registration = client.getRegistration().get("practice");
        assertThat(registration.getClientId()).isEqualTo("between-sessions");
        assertThat(registration.getAuthorizationGrantType()).isEqualTo("authorization_code");
        assertThat(registration.getScope()).containsExactlyInAnyOrder("openid", "profile");
        assertThat(registration.getRedirectUri()).isEqualTo("https://app.practice.example/login/oauth2/code/practice");
        var provider = client.getProvider().get("practice");
        assertThat(provider.getIssuerUri()).as("no discovery at start").isNull();
        assertThat(provider.getAuthorizationUri()).endsWith("/openid-connect/auth");
        assertThat(provider.getTokenUri()).endsWith("/openid-connect/token");
        assertThat(provider.getJwkSetUri()).endsWith("/openid-connect/certs");
        assertThat(provider.getUserNameAttribute()).isEqualTo("preferred_username");

        var jwt = binder.bind("spring.security.oauth2.resourceserver", OAuth2ResourceServerProperties.class)
                .get()
                .getJwt();
        assertThat(jwt.getIssuerUri()).isEqualTo("https://login.practice.example/realms/practice");
        assertThat(jwt.getJwkSetUri()).endsWith("/openid-connect/certs");
        assertThat(jwt.getAudiences()).containsExactly("between-sessions");

        assertThat(binder.bind("camunda.client.auth.method", String.class).get())
                .isEqualTo("oidc");
        assertThat(binder.bind("camunda.client.auth.client-id", String.class).get())
                .isEqualTo("between-sessions");
        assertThat(binder.bind("camunda.client.auth.token-url", String.class).get())
                .endsWith("/openid-connect/token");
        assertThat(binder.bind("camunda.client.auth.audience", String.class).get())
                .isEqualTo("camunda-api");
        assertThat(binder.bind("camunda.client.auth.credentials-cache-path", String.class)
                        .get())
                .startsWith("/tmp/");
        assertThat(binder.bind("bsc.security.username-claim", String.class).get())
                .isEqualTo("preferred_username");
    }

    @Test
    void withOidcCamundasFileFollowsCamundas88ComposeAndTheAppIsAClient() throws Exception {
        oidcSteps();
        Map<String, Object> security = map(
                map(new Yaml().load(Files.readString(deployment.resolve("config/generated/camunda-application.yaml"))))
                        .get("camunda"));
        security = map(security.get("security"));
        Map<String, Object> oidc = map(map(security.get("authentication")).get("oidc"));
        assertThat(map(security.get("authentication"))).containsEntry("method", "oidc");
        // The keys of .orchestration/application.yaml in Camunda's 8.8 compose, plus the issuer.
        assertThat(oidc)
                .containsEntry("client-id", "camunda")
                .containsEntry("client-secret", "camunda-client-secret-123")
                .containsEntry("redirect-uri", "https://camunda.practice.example/sso-callback")
                .containsEntry("username-claim", "preferred_username")
                .containsEntry("client-id-claim", "client_id")
                .containsEntry("issuer-uri", "https://login.practice.example/realms/practice")
                .containsKeys("authorization-uri", "token-uri", "jwk-set-uri");
        assertThat(list(oidc.get("audiences"))).containsExactly("camunda", "camunda-api");
        Map<String, Object> init = map(security.get("initialization"));
        assertThat(init).doesNotContainKey("users");
        assertThat(map(map(init.get("defaultRoles")).get("admin")).get("users")).isEqualTo(List.of("it-admin"));
        Map<String, Object> appRole = list(init.get("roles")).stream()
                .map(ComposeFileTest::map)
                .filter(r -> r.get("roleId").equals("bsc-app"))
                .findFirst()
                .orElseThrow();
        assertThat(appRole.get("clients")).isEqualTo(List.of("between-sessions"));
        assertThat(appRole.get("users")).isEqualTo(List.of());
        // People sign in at the provider: the app's users file keeps only the integrations.
        assertThat(Files.readAllLines(deployment.resolve("config/generated/users")).stream()
                        .filter(l -> !l.startsWith("#")))
                .singleElement()
                .asString()
                .startsWith("portal:INTEGRATION:");
    }

    private Map<String, Map<String, Object>> services() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
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
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("BSC_") || k.startsWith("CAMUNDA_"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        return new Exec(process.exitValue(), out);
    }
}
