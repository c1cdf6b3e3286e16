package org.betweensessions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * What the production stack runs, checked without a Docker engine: the app runs the {@code
 * production} profile, which starts no in-memory engine, no embedded database and no demo practice
 * (its embedded configurations are not even registered); every service has a health check and
 * starts only after what it needs is healthy; the image build copies everything the Maven build
 * reads and runs as a non-root user with its heap sized from the container's limit; the README,
 * the production guide and the compose file say that production needs a Camunda Enterprise licence
 * or SaaS.
 */
class ProductionProfileTest {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void theProductionProfileStartsNoInMemoryEngineEmbeddedDatabaseOrDemo() throws Exception {
        StandardEnvironment production = environment("production");
        assertThat(production.getProperty("bsc.engine.embedded", Boolean.class)).isFalse();
        assertThat(production.getProperty("bsc.database.embedded", Boolean.class))
                .isFalse();
        assertThat(production.getProperty("bsc.demo.enabled", Boolean.class)).isFalse();
        assertThat(production.getProperty("bsc.reconcile.on-lost-instance")).isEqualTo("RAISE");

        String[] embeddedConfigurations = {
            "org.betweensessions.engine.EmbeddedEngineConfiguration",
            "org.betweensessions.database.EmbeddedDatabaseConfiguration"
        };
        for (String name : embeddedConfigurations) {
            assertThat(registered(production, name))
                    .as(name + " with the production profile")
                    .isFalse();
            // For contrast, the embedded profile (the README's run command) does register them.
            assertThat(registered(environment("embedded"), name))
                    .as(name + " embedded")
                    .isTrue();
        }
    }

    /** The staff list is applied at start exactly when compose gives the app its path. */
    @Test
    void theStaffListIsAppliedAtStartWhenItsPathIsConfigured() throws Exception {
        String runner = "org.betweensessions.provision.StaffListAtStart";
        StandardEnvironment production = environment("production");
        assertThat(registered(production, runner)).isFalse();
        production
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "compose",
                        Map.of(
                                "bsc.practice.staff-file",
                                map(service("app").get("environment")).get("BSC_PRACTICE_STAFF_FILE"))));
        assertThat(registered(production, runner)).isTrue();
    }

    @Test
    void composeRunsTheAppWithTheProductionProfileAndNoEmbeddedSwitch() throws Exception {
        Map<String, Object> app = service("app");
        Map<String, Object> environment = map(app.get("environment"));
        assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "production");
        assertThat(environment.keySet())
                .noneMatch(
                        k -> k.matches("BSC_(ENGINE|DATABASE)_EMBEDDED" + "|BSC_DEMO_ENABLED|SPRING_PROFILES_INCLUDE"));
        assertThat((String) environment.get("CAMUNDA_CLIENT_GRPC_ADDRESS")).contains("camunda:");
        assertThat((String) environment.get("SPRING_DATASOURCE_URL")).contains("//mariadb:");
    }

    @Test
    void everyServiceHasAHealthCheckAndStartsAfterWhatItNeedsIsHealthy() throws Exception {
        Map<String, Object> services = map(compose().get("services"));
        services.forEach((name, service) -> {
            Map<String, Object> healthcheck = map(map(service).get("healthcheck"));
            assertThat(healthcheck.get("test")).as(name + " healthcheck").isNotNull();
            assertThat(healthcheck).as(name).containsKeys("interval", "retries", "start_period");
            map(map(service).get("depends_on"))
                    .forEach((dependency, condition) -> assertThat(map(condition))
                            .as(name + " waits for " + dependency)
                            .containsEntry("condition", "service_healthy"));
        });
        assertThat(map(service("app").get("depends_on"))).containsOnlyKeys("camunda", "mariadb");
        assertThat(map(service("camunda").get("depends_on"))).containsOnlyKeys("elasticsearch");
        // The app's check asks its own health endpoint, which the API leaves open (SecurityConfiguration).
        assertThat(String.valueOf(map(service("app").get("healthcheck")).get("test")))
                .contains("/actuator/health", " 200 ");
    }

    @Test
    void theImageBuildCopiesEverythingTheBuildReadsAndRunsAsAnUnprivilegedUser() throws Exception {
        String dockerfile = Files.readString(REPO.resolve("Dockerfile"));
        List<String> copied = new ArrayList<>();
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(dockerfile);
        while (copy.find()) {
            for (String source : copy.group(1).trim().split("\\s+")) {
                copied.add(source.replaceAll("/$", ""));
            }
        }
        // Everything the POM builds from: sources, resources, the workers source root, npm's files.
        assertThat(copied)
                .contains(
                        "pom.xml",
                        "mvnw",
                        ".mvn",
                        "src",
                        "workers",
                        "bpmn",
                        "forms",
                        "package.json",
                        "package-lock.json");
        String pom = Files.readString(REPO.resolve("pom.xml"));
        Matcher directories =
                Pattern.compile("<(?:directory|source)>([^<$]+)</").matcher(pom);
        while (directories.find()) {
            String top = directories.group(1).split("/")[0];
            assertThat(copied).as("pom reads " + directories.group(1)).contains(top);
        }
        List<String> ignored = Files.readAllLines(REPO.resolve(".dockerignore")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.replaceAll("/$", ""))
                .toList();
        for (String source : copied) {
            assertThat(REPO.resolve(source)).as(source).exists();
            assertThat(ignored).as(source + " is excluded by .dockerignore").doesNotContain(source);
        }
        // Staff list, secrets and .env never reach the build context.
        assertThat(ignored).contains("config", ".env", "target", "data");
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertThat(runtime)
                .containsPattern("(?m)^USER 10001:10001$")
                .contains("MaxRAMPercentage=75.0")
                .contains("HEALTHCHECK");
    }

    @Test
    void theReadmeAndTheProductionGuideSayPlainlyThatProductionNeedsALicenceOrSaas() throws Exception {
        for (String doc : List.of("README.md", "docs/production.md", "docker-compose.yml")) {
            // Lines joined (comments' # and Markdown's > markers dropped), so a sentence reads whole.
            String text = Files.readString(REPO.resolve(doc))
                    .replaceAll("\\n\\s*[#>]?", " ")
                    .replaceAll("\\s+", " ");
            assertThat(text)
                    .as(doc)
                    .containsPattern("(?i)production[^.]*needs? a (\\*\\*)?Camunda " + "Enterprise licen[cs]e")
                    .containsIgnoringCase("SaaS");
        }
    }

    /**
     * Whether Spring registers the configuration class in this environment (its conditions evaluated
     * as at start-up); nothing is created, so no engine or database starts here.
     */
    private static boolean registered(StandardEnvironment environment, String className) throws ClassNotFoundException {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(environment);
        new AnnotatedBeanDefinitionReader(context).register(Class.forName(className));
        return Arrays.stream(context.getBeanDefinitionNames())
                .anyMatch(
                        bean -> className.equals(context.getBeanDefinition(bean).getBeanClassName()));
    }

    /** application.yml with a profile's file over it, as Spring Boot orders them. */
    private static StandardEnvironment environment(String profile) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        for (PropertySource<?> source : yaml.load(profile, new ClassPathResource("application-" + profile + ".yml"))) {
            environment.getPropertySources().addLast(source);
        }
        for (PropertySource<?> source : yaml.load("base", new ClassPathResource("application.yml"))) {
            environment.getPropertySources().addLast(source);
        }
        return environment;
    }

    private static Map<String, Object> compose() throws Exception {
        return new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml")));
    }

    private static Map<String, Object> service(String name) throws Exception {
        return map(map(compose().get("services")).get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }
}
