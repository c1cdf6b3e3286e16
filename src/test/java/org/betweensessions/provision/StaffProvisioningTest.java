package org.betweensessions.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.betweensessions.provision.StaffProvisioning.TasklistMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.yaml.snakeyaml.Yaml;

/** The staff list provisions the app's users file and Camunda's users, roles and authorizations. */
class StaffProvisioningTest {

    private static final Path EXAMPLE = Path.of("config/staff.example.csv");

    @TempDir
    Path out;

    @Test
    void everyOutputTheComposeFileMountsIsWritten() throws Exception {
        StaffProvisioning.generate(StaffProvisioning.read(EXAMPLE), out, TasklistMode.APP_ONLY);
        for (String file : StaffProvisioning.OUTPUTS) {
            assertThat(out.resolve(file)).as(file).isRegularFile();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("initial-passwords.csv"))))
                .isEqualTo("rw-------");
    }

    @Test
    void theAppAndCamundaKnowEachPersonByTheSameNameAndPassword() throws Exception {
        StaffProvisioning.generate(StaffProvisioning.read(EXAMPLE), out, TasklistMode.APP_ONLY);
        Map<String, String> initial = Files.readAllLines(out.resolve("initial-passwords.csv")).stream()
                .skip(1)
                .map(l -> l.split(",", 2))
                .collect(Collectors.toMap(f -> f[0], f -> f[1]));
        List<String> users = Files.readAllLines(out.resolve("users")).stream()
                .filter(l -> !l.startsWith("#"))
                .toList();
        assertThat(users).hasSize(6);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        for (String line : users) {
            String[] f = line.split(":", 3);
            assertThat(bcrypt.matches(initial.get(f[0]), f[2].substring("{bcrypt}".length())))
                    .as(f[0])
                    .isTrue();
        }
        assertThat(users).anyMatch(l -> l.startsWith("alex:CLINICIAN:{bcrypt}"));

        Map<String, Object> init = initialization();
        Map<String, String> camundaUsers = ((List<Map<String, String>>) init.get("users"))
                .stream().collect(Collectors.toMap(u -> u.get("username"), u -> u.get("password")));
        // Everyone but the integration, plus the Camunda administrator and the app's technical user.
        assertThat(camundaUsers.keySet())
                .containsExactlyInAnyOrder(
                        "camunda-admin", "between-sessions", "alex", "sam", "casey", "morgan", "pat");
        assertThat(camundaUsers.get("alex")).isEqualTo(initial.get("alex"));
        assertThat(camundaUsers.get("between-sessions"))
                .isEqualTo(Files.readString(out.resolve("secrets/camunda_app_password")));
        assertThat(roleMembers(init))
                .containsEntry("bsc-clinician", List.of("alex", "sam"))
                .containsEntry("bsc-coordinator", List.of("casey"))
                .containsEntry("bsc-supervisor", List.of("morgan"))
                .containsEntry("bsc-admin", List.of("pat"))
                .containsEntry("bsc-app", List.of("between-sessions"));
        // Only the Camunda administrator holds the built-in admin role; the app does not.
        assertThat(init.get("defaultRoles")).isEqualTo(Map.of("admin", Map.of("users", List.of("camunda-admin"))));
    }

    @Test
    void theAppHoldsExactlyWhatItUses() throws Exception {
        StaffProvisioning.generate(StaffProvisioning.read(EXAMPLE), out, TasklistMode.APP_ONLY);
        assertThat(grants(initialization(), "bsc-app"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "RESOURCE *", List.of("CREATE"),
                        "PROCESS_DEFINITION *",
                                List.of(
                                        "READ_PROCESS_DEFINITION",
                                        "CREATE_PROCESS_INSTANCE",
                                        "UPDATE_PROCESS_INSTANCE",
                                        "READ_USER_TASK",
                                        "UPDATE_USER_TASK"),
                        "DECISION_REQUIREMENTS_DEFINITION *", List.of("READ"),
                        "MESSAGE *", List.of("CREATE")));
    }

    @Test
    void onCamunda88CliniciansAndCoordinatorsGetNoTasklistBecauseItWouldShowEveryClient() throws Exception {
        StaffProvisioning.generate(StaffProvisioning.read(EXAMPLE), out, TasklistMode.APP_ONLY);
        Map<String, Object> init = initialization();
        assertThat(grants(init, "bsc-clinician")).isEmpty();
        assertThat(grants(init, "bsc-coordinator")).isEmpty();
        assertThat(grants(init, "bsc-admin"))
                .doesNotContainKey("COMPONENT tasklist")
                .containsEntry("COMPONENT operate", List.of("ACCESS"));
        assertThat(grants(init, "bsc-admin").get("PROCESS_DEFINITION *")).doesNotContain("READ_USER_TASK");
        assertThat(grants(init, "bsc-supervisor")).containsKeys("COMPONENT tasklist", "COMPONENT operate");
        assertThat(grants(init, "bsc-supervisor").get("RESOURCE *")).contains("CREATE");
    }

    @Test
    void onCamunda89TheyGetTasklistWithPerTaskAuthorization() throws Exception {
        StaffProvisioning.generate(StaffProvisioning.read(EXAMPLE), out, TasklistMode.PER_TASK);
        Map<String, Object> init = initialization();
        assertThat(grants(init, "bsc-clinician")).isEqualTo(Map.of("COMPONENT tasklist", List.of("ACCESS")));
        // No READ_USER_TASK on process definitions: that would show every task of the process again.
        assertThat(((Map<String, Map<String, List<String>>>) init.get("defaultRoles"))
                        .get("task-worker")
                        .get("users"))
                .containsExactly("alex", "sam", "casey");
        assertThat(((List<Map<String, Object>>) init.get("groups")).getFirst())
                .containsEntry("groupId", "intake-coordinators")
                .containsEntry("users", List.of("casey"));
    }

    @Test
    void aSecondRunKeepsPasswordsAndSecrets() throws Exception {
        StaffProvisioning.generate(StaffProvisioning.read(EXAMPLE), out, TasklistMode.APP_ONLY);
        String key = Files.readString(out.resolve("secrets/crypto_key_k1"));
        String passwords = Files.readString(out.resolve("initial-passwords.csv"));
        StaffProvisioning.generate(StaffProvisioning.read(EXAMPLE), out, TasklistMode.APP_ONLY);
        assertThat(Files.readString(out.resolve("secrets/crypto_key_k1"))).isEqualTo(key);
        assertThat(Files.readString(out.resolve("initial-passwords.csv"))).isEqualTo(passwords);
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    }

    @Test
    void theLicenceKeyGoesIntoTheMountedFileNotTheEnvironment() throws Exception {
        StaffProvisioning.generate(StaffProvisioning.read(EXAMPLE), out, TasklistMode.APP_ONLY, "LICENSE-123");
        Map<String, Object> root = new Yaml().load(Files.readString(out.resolve("camunda-application.yaml")));
        assertThat(((Map<String, Object>) root.get("camunda")).get("license")).isEqualTo(Map.of("key", "LICENSE-123"));
        assertThat(initialization()).containsKey("users");
    }

    @Test
    void aBadListStopsWithTheLine() throws Exception {
        Path csv = out.resolve("staff.csv");
        Files.writeString(csv, "username,role,name,email\nAlex Smith,CLINICIAN,A,a@x\n");
        assertThatThrownBy(() -> StaffProvisioning.read(csv)).hasMessageContaining("line 2");
        Files.writeString(csv, "alex,THERAPIST,A,a@x\n");
        assertThatThrownBy(() -> StaffProvisioning.read(csv)).hasMessageContaining("role must be");
        Files.writeString(csv, "alex,ADMIN,A,a@x\nalex,ADMIN,B,b@x\n");
        assertThatThrownBy(() -> StaffProvisioning.read(csv)).hasMessageContaining("twice");
        // A clinician without office hours could not have response windows counted.
        Files.writeString(csv, "alex,CLINICIAN,A,a@x\n");
        assertThatThrownBy(() -> StaffProvisioning.read(csv))
                .hasMessageContaining("line 1")
                .hasMessageContaining("time_zone and office_hours");
        Files.writeString(csv, "alex,CLINICIAN,A,a@x,Mars/Olympus,Mon-Fri 09:00-17:00,,\n");
        assertThatThrownBy(() -> StaffProvisioning.read(csv)).hasMessageContaining("time zone id");
        Files.writeString(csv, "alex,CLINICIAN,A,a@x,America/New_York,Mon-Fri 17:00-09:00,,\n");
        assertThatThrownBy(() -> StaffProvisioning.read(csv)).hasMessageContaining("open before");
        Files.writeString(csv, "alex,CLINICIAN,A,a@x,America/New_York,weekdays 9 to 5,,\n");
        assertThatThrownBy(() -> StaffProvisioning.read(csv)).hasMessageContaining("Mon-Fri 09:00-17:00");
        Files.writeString(csv, "alex,CLINICIAN,A,a@x,America/New_York,Mon-Fri 09:00-17:00,bo,\n");
        assertThatThrownBy(() -> StaffProvisioning.read(csv)).hasMessageContaining("backup 'bo'");
        Files.writeString(csv, "casey,COORDINATOR,C,c@x,America/New_York,Mon-Fri 09:00-17:00,,\n");
        assertThatThrownBy(() -> StaffProvisioning.read(csv)).hasMessageContaining("clinicians only");
    }

    @Test
    void officeHoursReadAsAClinicianWritesThem() throws Exception {
        List<StaffList.Person> people = StaffProvisioning.read(EXAMPLE);
        StaffList.Person sam = people.stream()
                .filter(p -> p.username().equals("sam"))
                .findFirst()
                .orElseThrow();
        assertThat(sam.name()).isEqualTo("Sam Okafor, LCSW");
        assertThat(sam.timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(sam.backup()).isEqualTo("alex");
        assertThat(sam.officeHours())
                .hasSize(10)
                .contains(new StaffList.Hours(DayOfWeek.SATURDAY, LocalTime.of(14, 0), LocalTime.of(18, 0)));
        assertThat(StaffList.officeHours("Mon 12:00-16:00; Wed-Thu 8:30-9:15", "x"))
                .containsExactly(
                        new StaffList.Hours(DayOfWeek.MONDAY, LocalTime.of(12, 0), LocalTime.of(16, 0)),
                        new StaffList.Hours(DayOfWeek.WEDNESDAY, LocalTime.of(8, 30), LocalTime.of(9, 15)),
                        new StaffList.Hours(DayOfWeek.THURSDAY, LocalTime.of(8, 30), LocalTime.of(9, 15)));
    }

    @Test
    void oidcIsOffUnlessAskedForAndThenNeedsEverySettingAndTheProvidersSecret() throws Exception {
        assertThat(StaffProvisioning.Oidc.fromEnvironment(Map.of(), out)).isNull();
        assertThat(StaffProvisioning.Oidc.fromEnvironment(Map.of("BSC_AUTH", "basic"), out))
                .isNull();
        assertThatThrownBy(() -> StaffProvisioning.Oidc.fromEnvironment(
                        Map.of("BSC_AUTH", "oidc", "BSC_OIDC_ISSUER_URI", "https://idp.example"), out))
                .hasMessageContaining("BSC_OIDC_TOKEN_URI")
                .hasMessageContaining("BSC_CAMUNDA_ADMINS")
                .hasMessageContaining("oidc_camunda_client_secret")
                .hasMessageNotContaining("BSC_OIDC_ISSUER_URI,");
    }

    private Map<String, Object> initialization() throws Exception {
        Map<String, Object> root = new Yaml().load(Files.readString(out.resolve("camunda-application.yaml")));
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) root.get("camunda")).get("security"))
                .get("initialization");
    }

    private static Map<String, List<String>> roleMembers(Map<String, Object> init) {
        return ((List<Map<String, Object>>) init.get("roles"))
                .stream().collect(Collectors.toMap(r -> (String) r.get("roleId"), r -> (List<String>) r.get("users")));
    }

    /** "RESOURCE_TYPE resourceId" to permissions, for one role. */
    private static Map<String, List<String>> grants(Map<String, Object> init, String role) {
        return ((List<Map<String, Object>>) init.get("authorizations"))
                .stream()
                        .filter(a -> a.get("ownerType").equals("ROLE")
                                && a.get("ownerId").equals(role))
                        .collect(Collectors.toMap(a -> a.get("resourceType") + " " + a.get("resourceId"), a ->
                                (List<String>) a.get("permissions")));
    }
}
