package org.betweensessions.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.betweensessions.provision.StaffList.Person;
import org.betweensessions.security.StaffRole;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * One list of practice staff ({@code config/staff.csv}) becomes everything both systems need to let
 * those people in, with least privilege (docs/production.md, "Staff and access"):
 *
 * <ul>
 *   <li>{@code users}: the application's users file ({@code username:ROLE:{bcrypt}hash});
 *   <li>{@code camunda-application.yaml}: Camunda 8.8 Identity as Code
 *       ({@code camunda.security.initialization}): the Camunda administrator, the app's technical
 *       user in role {@code bsc-app} (exactly what the app uses), and every staff member under the
 *       same user name as in the app (tasks are assigned to {@code =clinicianAssignee}) in a role per
 *       practice role;
 *   <li>{@code secrets/}: database, encryption-key and Camunda passwords, generated once and never
 *       overwritten (mounted as Docker secrets, never put in an environment variable);
 *   <li>{@code initial-passwords.csv} (mode 600): each person's first password, reused on later runs.
 * </ul>
 *
 * Run: {@code java -cp app.jar -Dloader.main=org.betweensessions.provision.StaffProvisioning
 * org.springframework.boot.loader.launch.PropertiesLauncher <staff.csv> <out dir> [tasklist mode]}
 * (scripts/setup-production.sh does this). Tasklist mode {@code app-only} (default, Camunda 8.8):
 * clinicians and coordinators get no Tasklist access, because 8.8's Tasklist V2 cannot limit them to
 * their own tasks; {@code per-task} (Camunda 8.9+ cluster only): they get Tasklist and 8.9's
 * {@code task-worker} role, which shows a task only to its assignee and candidates.
 */
public final class StaffProvisioning {

    /** What this writes, relative to the output directory (docker-compose.yml mounts these). */
    public static final List<String> OUTPUTS = List.of(
            "users",
            "camunda-application.yaml",
            "secrets/db_password",
            "secrets/db_root_password",
            "secrets/crypto_key_k1",
            "secrets/camunda_app_password",
            "secrets/camunda_admin_password",
            "initial-passwords.csv");

    public static final String APP_USER = "between-sessions";
    public static final String ADMIN_USER = "camunda-admin";
    public static final String COORDINATOR_GROUP = "intake-coordinators";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum TasklistMode {
        APP_ONLY,
        PER_TASK
    }

    private StaffProvisioning() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: StaffProvisioning <staff.csv> <out dir> [app-only|per-task]");
            System.exit(2);
        }
        TasklistMode mode = args.length > 2
                ? TasklistMode.valueOf(args[2].toUpperCase(Locale.ROOT).replace('-', '_'))
                : TasklistMode.APP_ONLY;
        List<Person> staff = read(Path.of(args[0]));
        Path license = Path.of(args[0]).toAbsolutePath().resolveSibling("camunda-license.key");
        Oidc oidc = Oidc.fromEnvironment(System.getenv(), Path.of(args[1]));
        generate(
                staff,
                Path.of(args[1]),
                mode,
                Files.exists(license) ? Files.readString(license).strip() : null,
                oidc);
        System.out.println("Provisioned " + staff.size() + " people into " + args[1] + " (Tasklist: " + mode
                + "). First passwords: " + Path.of(args[1], "initial-passwords.csv"));
    }

    /** The staff list ({@link StaffList}); a mistake stops with the line. */
    public static List<Person> read(Path csv) throws IOException {
        return StaffList.read(csv);
    }

    public static void generate(List<Person> staff, Path out, TasklistMode mode) throws IOException {
        generate(staff, out, mode, null);
    }

    public static void generate(List<Person> staff, Path out, TasklistMode mode, String license) throws IOException {
        generate(staff, out, mode, license, null);
    }

    /**
     * People sign in to Camunda and the app through the practice's identity provider (OIDC), the app
     * reaches Camunda as an OIDC client; {@code BSC_AUTH=oidc} and the {@code BSC_OIDC_*} settings
     * of {@code .env} (docs/production.md, "OIDC"), following Camunda's 8.8 compose file
     * ({@code .orchestration/application.yaml}: {@code camunda.security.authentication.oidc.*}).
     *
     * @param clientSecret the Camunda client's secret, from the provider (operator's file
     *     {@code secrets/oidc_camunda_client_secret}); it goes into Camunda's mounted file only
     * @param admins user names (as the username claim gives them) in Camunda's built-in admin role
     */
    public record Oidc(
            String issuerUri,
            String authorizationUri,
            String tokenUri,
            String jwkSetUri,
            String camundaClientId,
            String clientSecret,
            String camundaUrl,
            String audience,
            String appClientId,
            String usernameClaim,
            String clientIdClaim,
            List<String> admins) {

        /** Operator-provided secret files (from the identity provider), under the output directory. */
        public static final String CAMUNDA_SECRET = "secrets/oidc_camunda_client_secret";

        public static final String APP_SECRET = "secrets/oidc_app_client_secret";

        /** From {@code BSC_AUTH=oidc} and {@code BSC_OIDC_*}; null when BSC_AUTH is not oidc. */
        public static Oidc fromEnvironment(Map<String, String> env, Path out) throws IOException {
            if (!"oidc".equalsIgnoreCase(env.getOrDefault("BSC_AUTH", "basic").strip())) {
                return null;
            }
            List<String> missing = new ArrayList<>();
            Function<String, String> required = name -> {
                String value = env.getOrDefault(name, "").strip();
                if (value.isEmpty()) {
                    missing.add(name);
                }
                return value;
            };
            String issuer = required.apply("BSC_OIDC_ISSUER_URI");
            String authorization = required.apply("BSC_OIDC_AUTHORIZATION_URI");
            String token = required.apply("BSC_OIDC_TOKEN_URI");
            String jwks = required.apply("BSC_OIDC_JWK_SET_URI");
            String camundaClient = required.apply("BSC_OIDC_CAMUNDA_CLIENT_ID");
            String camundaUrl = required.apply("BSC_OIDC_CAMUNDA_URL");
            String appClient = required.apply("BSC_OIDC_APP_CLIENT_ID");
            String admins = required.apply("BSC_CAMUNDA_ADMINS");
            String audience = required.apply("BSC_OIDC_CAMUNDA_AUDIENCE");
            Path secret = out.resolve(CAMUNDA_SECRET);
            if (!Files.exists(secret)) {
                missing.add(secret + " (the Camunda client's secret from the identity provider)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        "BSC_AUTH=oidc needs " + String.join(", ", missing) + " (docs/production.md, \"OIDC\")");
            }
            return new Oidc(
                    issuer,
                    authorization,
                    token,
                    jwks,
                    camundaClient,
                    Files.readString(secret).strip(),
                    camundaUrl.replaceAll("/+$", ""),
                    audience,
                    appClient,
                    env.getOrDefault("BSC_OIDC_USERNAME_CLAIM", "preferred_username")
                            .strip(),
                    env.getOrDefault("BSC_OIDC_CLIENT_ID_CLAIM", "client_id").strip(),
                    Arrays.stream(admins.split(","))
                            .map(String::strip)
                            .filter(a -> !a.isEmpty())
                            .toList());
        }
    }

    /**
     * {@code license}: the Camunda Enterprise licence key, or null (non-production use only);
     * {@code oidc}: null for basic authentication (Camunda users with passwords).
     */
    public static void generate(List<Person> staff, Path out, TasklistMode mode, String license, Oidc oidc)
            throws IOException {
        Files.createDirectories(out.resolve("secrets"));
        restrict(out, "rwx------");
        restrict(out.resolve("secrets"), "rwx------");
        // The identity provider's client secrets, put here by the operator (OIDC): the containers'
        // users read them through bind mounts, like the generated ones.
        for (String provided : List.of(Oidc.CAMUNDA_SECRET, Oidc.APP_SECRET)) {
            if (Files.exists(out.resolve(provided))) {
                restrict(out.resolve(provided), "rw-r--r--");
            }
        }
        String appPassword = secret(out, "secrets/camunda_app_password");
        String adminPassword = secret(out, "secrets/camunda_admin_password");
        secret(out, "secrets/db_password");
        secret(out, "secrets/db_root_password");
        if (!Files.exists(out.resolve("secrets/crypto_key_k1"))) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            write(out.resolve("secrets/crypto_key_k1"), Base64.getEncoder().encodeToString(key), "rw-r--r--");
        }

        // With OIDC, people sign in through the identity provider: only integrations (channel
        // gateways, HTTP Basic on the API) have passwords here.
        List<Person> withPassword = oidc == null
                ? staff
                : staff.stream().filter(p -> p.role() == StaffRole.INTEGRATION).toList();
        Map<String, String> passwords = initialPasswords(out.resolve("initial-passwords.csv"));
        for (Person p : withPassword) {
            passwords.computeIfAbsent(p.username(), u -> randomPassword());
        }
        StringBuilder csv = new StringBuilder("username,initial password\n");
        withPassword.forEach(p -> csv.append(p.username())
                .append(',')
                .append(passwords.get(p.username()))
                .append('\n'));
        write(out.resolve("initial-passwords.csv"), csv.toString(), "rw-------");

        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        StringBuilder users = new StringBuilder(
                "# Generated by StaffProvisioning from the staff list; do not edit (edit the list, rerun).\n");
        withPassword.forEach(p -> users.append(p.username())
                .append(':')
                .append(p.role())
                .append(":{bcrypt}")
                .append(bcrypt.encode(passwords.get(p.username())))
                .append('\n'));
        write(out.resolve("users"), users.toString(), "rw-r--r--");

        String identity = camundaIdentity(staff, passwords, appPassword, adminPassword, mode, oidc);
        if (license != null && !license.isBlank()) {
            identity = identity.replace("camunda:\n", "camunda:\n  license:\n    key: " + q(license) + "\n");
        }
        write(out.resolve("camunda-application.yaml"), identity, "rw-r--r--");
    }

    /** Camunda roles per practice role: what each may do in Operate, Tasklist and the API. */
    static Map<String, List<String[]>> roles(TasklistMode mode) {
        Map<String, List<String[]>> roles = new LinkedHashMap<>();
        // The app: deploy, start instances (messages), work jobs and set variables, read and complete
        // user tasks, and read which versions the cluster holds (BundledDeployment).
        roles.put(
                "bsc-app",
                List.of(
                        grant("RESOURCE", "CREATE"),
                        grant(
                                "PROCESS_DEFINITION",
                                "READ_PROCESS_DEFINITION",
                                "CREATE_PROCESS_INSTANCE",
                                "UPDATE_PROCESS_INSTANCE",
                                "READ_USER_TASK",
                                "UPDATE_USER_TASK"),
                        grant("DECISION_REQUIREMENTS_DEFINITION", "READ"),
                        grant("MESSAGE", "CREATE")));
        // Supervisors: Operate and Tasklist over every instance (they oversee all clients), decisions,
        // and deploying from Modeler (RESOURCE CREATE: a trusted role, see docs).
        roles.put(
                "bsc-supervisor",
                List.of(
                        grantOn("COMPONENT", "operate", "ACCESS"),
                        grantOn("COMPONENT", "tasklist", "ACCESS"),
                        grant(
                                "PROCESS_DEFINITION",
                                "READ_PROCESS_DEFINITION",
                                "READ_PROCESS_INSTANCE",
                                "READ_USER_TASK",
                                "UPDATE_USER_TASK"),
                        grant("DECISION_DEFINITION", "READ_DECISION_DEFINITION", "READ_DECISION_INSTANCE"),
                        grant("DECISION_REQUIREMENTS_DEFINITION", "READ"),
                        grant("RESOURCE", "CREATE", "READ")));
        // Practice admins: Operate (instances, SLA breaches, incidents and their retry); no tasks.
        roles.put(
                "bsc-admin",
                List.of(
                        grantOn("COMPONENT", "operate", "ACCESS"),
                        grant(
                                "PROCESS_DEFINITION",
                                "READ_PROCESS_DEFINITION",
                                "READ_PROCESS_INSTANCE",
                                "UPDATE_PROCESS_INSTANCE"),
                        grant("DECISION_DEFINITION", "READ_DECISION_DEFINITION", "READ_DECISION_INSTANCE"),
                        grant("DECISION_REQUIREMENTS_DEFINITION", "READ")));
        // Clinicians and coordinators: nothing in 8.8 (Tasklist V2 would show every client's tasks);
        // on 8.9 Tasklist, whose task-worker role then limits them to their own tasks.
        List<String[]> worker = mode == TasklistMode.PER_TASK
                ? List.<String[]>of(grantOn("COMPONENT", "tasklist", "ACCESS"))
                : List.of();
        roles.put("bsc-clinician", worker);
        roles.put("bsc-coordinator", worker);
        return roles;
    }

    static String roleOf(StaffRole role) {
        return switch (role) {
            case CLINICIAN -> "bsc-clinician";
            case COORDINATOR -> "bsc-coordinator";
            case SUPERVISOR -> "bsc-supervisor";
            case ADMIN -> "bsc-admin";
            case INTEGRATION -> null;
        };
    }

    private static String camundaIdentity(
            List<Person> staff,
            Map<String, String> passwords,
            String appPassword,
            String adminPassword,
            TasklistMode mode,
            Oidc oidc) {
        List<Person> people =
                staff.stream().filter(p -> roleOf(p.role()) != null).toList();
        StringBuilder y = new StringBuilder();
        y.append("# Generated by StaffProvisioning from the staff list (Tasklist mode ")
                .append(mode)
                .append(oidc == null ? ", basic auth" : ", OIDC")
                .append("); do not edit.\n")
                .append("# Camunda 8.8 Identity as Code: at each start Camunda creates what does not exist yet\n")
                .append("# and never updates what exists: change existing entities in Identity (/identity).\n")
                .append("camunda:\n  security:\n");
        if (oidc != null) {
            // Keys as in Camunda's 8.8 compose (.orchestration/application.yaml); the client secret is
            // in this mounted file, never in an environment variable.
            y.append("    authentication:\n      method: oidc\n      unprotectedApi: false\n")
                    .append("      oidc:\n")
                    .append("        issuer-uri: ")
                    .append(q(oidc.issuerUri()))
                    .append('\n')
                    .append("        client-id: ")
                    .append(q(oidc.camundaClientId()))
                    .append('\n')
                    .append("        client-secret: ")
                    .append(q(oidc.clientSecret()))
                    .append('\n')
                    .append("        audiences:\n");
            new LinkedHashSet<>(List.of(oidc.camundaClientId(), oidc.audience()))
                    .forEach(a -> y.append("          - ").append(q(a)).append('\n'));
            y.append("        authorization-uri: ")
                    .append(q(oidc.authorizationUri()))
                    .append('\n')
                    .append("        token-uri: ")
                    .append(q(oidc.tokenUri()))
                    .append('\n')
                    .append("        jwk-set-uri: ")
                    .append(q(oidc.jwkSetUri()))
                    .append('\n')
                    .append("        redirect-uri: ")
                    .append(q(oidc.camundaUrl() + "/sso-callback"))
                    .append('\n')
                    .append("        username-claim: ")
                    .append(q(oidc.usernameClaim()))
                    .append('\n')
                    .append("        client-id-claim: ")
                    .append(q(oidc.clientIdClaim()))
                    .append('\n');
        }
        y.append("    initialization:\n");
        if (oidc == null) {
            y.append("      users:\n");
            user(y, ADMIN_USER, adminPassword, "Camunda administrator", "admin@localhost");
            user(y, APP_USER, appPassword, "between-sessions app", "between-sessions@localhost");
            people.forEach(p -> user(y, p.username(), passwords.get(p.username()), p.name(), p.email()));
            y.append("      defaultRoles:\n        admin:\n          users:\n            - ")
                    .append(q(ADMIN_USER))
                    .append('\n');
        } else {
            // No Camunda users with OIDC: people are known by the username claim, the app by its client
            // id. The built-in admin role goes to the IT people named in BSC_CAMUNDA_ADMINS.
            y.append("      defaultRoles:\n        admin:\n          users:\n");
            oidc.admins().forEach(a -> y.append("            - ").append(q(a)).append('\n'));
        }
        if (mode == TasklistMode.PER_TASK) {
            List<Person> workers = people.stream()
                    .filter(p -> p.role() == StaffRole.CLINICIAN || p.role() == StaffRole.COORDINATOR)
                    .toList();
            if (!workers.isEmpty()) {
                y.append("        task-worker:\n          users:\n");
                workers.forEach(
                        p -> y.append("            - ").append(q(p.username())).append('\n'));
            }
        }
        y.append("      groups:\n        - groupId: ")
                .append(q(COORDINATOR_GROUP))
                .append("\n          name: \"Intake coordinators\"\n          users:\n");
        List<Person> coordinators =
                people.stream().filter(p -> p.role() == StaffRole.COORDINATOR).toList();
        if (coordinators.isEmpty()) {
            y.setLength(y.length() - "          users:\n".length());
            y.append("          users: []\n");
        }
        coordinators.forEach(
                p -> y.append("            - ").append(q(p.username())).append('\n'));
        Map<String, List<String[]>> roles = roles(mode);
        y.append("      roles:\n");
        roles.keySet().forEach(role -> {
            y.append("        - roleId: ")
                    .append(q(role))
                    .append("\n          name: ")
                    .append(q(role))
                    .append("\n          users:\n");
            if (role.equals("bsc-app") && oidc != null) {
                // The app signs in as an OIDC client (client credentials), not as a user.
                y.setLength(y.length() - "          users:\n".length());
                y.append("          users: []\n          clients:\n            - ")
                        .append(q(oidc.appClientId()))
                        .append('\n');
                return;
            }
            List<String> members = role.equals("bsc-app")
                    ? List.of(APP_USER)
                    : people.stream()
                            .filter(p -> role.equals(roleOf(p.role())))
                            .map(Person::username)
                            .toList();
            if (members.isEmpty()) {
                y.setLength(y.length() - "          users:\n".length());
                y.append("          users: []\n");
            }
            members.forEach(m -> y.append("            - ").append(q(m)).append('\n'));
        });
        y.append("      authorizations:\n");
        roles.forEach((role, grants) -> grants.forEach(g -> {
            y.append("        - ownerType: ROLE\n          ownerId: ")
                    .append(q(role))
                    .append("\n          resourceType: ")
                    .append(g[0])
                    .append("\n          resourceId: ")
                    .append(q(g[1]))
                    .append("\n          permissions:\n");
            for (int i = 2; i < g.length; i++) {
                y.append("            - ").append(g[i]).append('\n');
            }
        }));
        return y.toString();
    }

    private static void user(StringBuilder y, String username, String password, String name, String email) {
        y.append("        - username: ")
                .append(q(username))
                .append("\n          password: ")
                .append(q(password))
                .append("\n          name: ")
                .append(q(name))
                .append("\n          email: ")
                .append(q(email))
                .append('\n');
    }

    private static String[] grant(String resourceType, String... permissions) {
        return grantOn(resourceType, "*", permissions);
    }

    private static String[] grantOn(String resourceType, String id, String... permissions) {
        String[] g = new String[permissions.length + 2];
        g[0] = resourceType;
        g[1] = id;
        System.arraycopy(permissions, 0, g, 2, permissions.length);
        return g;
    }

    /** A JSON string, which YAML reads as the same string. */
    private static String q(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> initialPasswords(Path file) throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(",", 2);
                if (f.length == 2 && !f[0].equals("username")) {
                    known.put(f[0], f[1]);
                }
            }
        }
        return known;
    }

    private static String secret(Path out, String name) throws IOException {
        Path file = out.resolve(name);
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        String value = randomPassword();
        write(file, value, "rw-r--r--");
        return value;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Files are world-readable inside a directory only its owner may enter: the containers' own users
     * (uid 10001 app, 999 mariadb, 1001 camunda) read the bind-mounted file, other host users cannot.
     */
    private static void write(Path file, String content, String mode) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        restrict(file, mode);
    }

    private static void restrict(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // Windows checkout: permissions are the operator's job (docs/production.md).
        }
    }
}
