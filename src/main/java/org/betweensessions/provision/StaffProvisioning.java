package org.betweensessions.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
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
  public static final List<String> OUTPUTS = List.of("users", "camunda-application.yaml",
      "secrets/db_password", "secrets/db_root_password", "secrets/crypto_key_k1",
      "secrets/camunda_app_password", "secrets/camunda_admin_password", "initial-passwords.csv");

  public static final String APP_USER = "between-sessions";
  public static final String ADMIN_USER = "camunda-admin";
  public static final String COORDINATOR_GROUP = "intake-coordinators";
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  public record Person(String username, StaffRole role, String name, String email) {}

  public enum TasklistMode { APP_ONLY, PER_TASK }

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
    generate(staff, Path.of(args[1]), mode,
        Files.exists(license) ? Files.readString(license).strip() : null);
    System.out.println("Provisioned " + staff.size() + " people into " + args[1] + " (Tasklist: "
        + mode + "). First passwords: " + Path.of(args[1], "initial-passwords.csv"));
  }

  /** {@code username,role,name,email}; a header line and lines starting with # are skipped. */
  public static List<Person> read(Path csv) throws IOException {
    List<Person> people = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.toLowerCase(Locale.ROOT).startsWith("username,")) {
        continue;
      }
      String[] f = line.split(",", -1);
      String where = csv + " line " + (i + 1) + ": ";
      if (f.length != 4) {
        throw new IllegalArgumentException(where + "expected username,role,name,email");
      }
      String username = f[0].strip();
      if (!USERNAME.matcher(username).matches() || username.equals(APP_USER)
          || username.equals(ADMIN_USER)) {
        throw new IllegalArgumentException(where + "user name must match " + USERNAME
            + " and not be " + APP_USER + " or " + ADMIN_USER);
      }
      StaffRole role;
      try {
        role = StaffRole.valueOf(f[1].strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + "role must be one of "
            + List.of(StaffRole.values()), e);
      }
      if (people.stream().anyMatch(p -> p.username().equals(username))) {
        throw new IllegalArgumentException(where + "user " + username + " listed twice");
      }
      people.add(new Person(username, role, f[2].strip(), f[3].strip()));
    }
    return people;
  }

  public static void generate(List<Person> staff, Path out, TasklistMode mode) throws IOException {
    generate(staff, out, mode, null);
  }

  /** {@code license}: the Camunda Enterprise licence key, or null (non-production use only). */
  public static void generate(List<Person> staff, Path out, TasklistMode mode, String license)
      throws IOException {
    Files.createDirectories(out.resolve("secrets"));
    restrict(out, "rwx------");
    restrict(out.resolve("secrets"), "rwx------");
    String appPassword = secret(out, "secrets/camunda_app_password");
    String adminPassword = secret(out, "secrets/camunda_admin_password");
    secret(out, "secrets/db_password");
    secret(out, "secrets/db_root_password");
    if (!Files.exists(out.resolve("secrets/crypto_key_k1"))) {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      write(out.resolve("secrets/crypto_key_k1"), Base64.getEncoder().encodeToString(key),
          "rw-r--r--");
    }

    Map<String, String> passwords = initialPasswords(out.resolve("initial-passwords.csv"));
    for (Person p : staff) {
      passwords.computeIfAbsent(p.username(), u -> randomPassword());
    }
    StringBuilder csv = new StringBuilder("username,initial password\n");
    staff.forEach(p -> csv.append(p.username()).append(',').append(passwords.get(p.username()))
        .append('\n'));
    write(out.resolve("initial-passwords.csv"), csv.toString(), "rw-------");

    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    StringBuilder users = new StringBuilder(
        "# Generated by StaffProvisioning from the staff list; do not edit (edit the list, rerun).\n");
    staff.forEach(p -> users.append(p.username()).append(':').append(p.role()).append(":{bcrypt}")
        .append(bcrypt.encode(passwords.get(p.username()))).append('\n'));
    write(out.resolve("users"), users.toString(), "rw-r--r--");

    String identity = camundaIdentity(staff, passwords, appPassword, adminPassword, mode);
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
    roles.put("bsc-app", List.of(
        grant("RESOURCE", "CREATE"),
        grant("PROCESS_DEFINITION", "READ_PROCESS_DEFINITION", "CREATE_PROCESS_INSTANCE",
            "UPDATE_PROCESS_INSTANCE", "READ_USER_TASK", "UPDATE_USER_TASK"),
        grant("DECISION_REQUIREMENTS_DEFINITION", "READ"),
        grant("MESSAGE", "CREATE")));
    // Supervisors: Operate and Tasklist over every instance (they oversee all clients), decisions,
    // and deploying from Modeler (RESOURCE CREATE: a trusted role, see docs).
    roles.put("bsc-supervisor", List.of(
        grantOn("COMPONENT", "operate", "ACCESS"), grantOn("COMPONENT", "tasklist", "ACCESS"),
        grant("PROCESS_DEFINITION", "READ_PROCESS_DEFINITION", "READ_PROCESS_INSTANCE",
            "READ_USER_TASK", "UPDATE_USER_TASK"),
        grant("DECISION_DEFINITION", "READ_DECISION_DEFINITION", "READ_DECISION_INSTANCE"),
        grant("DECISION_REQUIREMENTS_DEFINITION", "READ"),
        grant("RESOURCE", "CREATE", "READ")));
    // Practice admins: Operate (instances, SLA breaches, incidents and their retry); no tasks.
    roles.put("bsc-admin", List.of(
        grantOn("COMPONENT", "operate", "ACCESS"),
        grant("PROCESS_DEFINITION", "READ_PROCESS_DEFINITION", "READ_PROCESS_INSTANCE",
            "UPDATE_PROCESS_INSTANCE"),
        grant("DECISION_DEFINITION", "READ_DECISION_DEFINITION", "READ_DECISION_INSTANCE"),
        grant("DECISION_REQUIREMENTS_DEFINITION", "READ")));
    // Clinicians and coordinators: nothing in 8.8 (Tasklist V2 would show every client's tasks);
    // on 8.9 Tasklist, whose task-worker role then limits them to their own tasks.
    List<String[]> worker = mode == TasklistMode.PER_TASK
        ? List.<String[]>of(grantOn("COMPONENT", "tasklist", "ACCESS")) : List.of();
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

  private static String camundaIdentity(List<Person> staff, Map<String, String> passwords,
      String appPassword, String adminPassword, TasklistMode mode) {
    List<Person> people = staff.stream().filter(p -> roleOf(p.role()) != null).toList();
    StringBuilder y = new StringBuilder();
    y.append("# Generated by StaffProvisioning from the staff list (Tasklist mode ").append(mode)
        .append("); do not edit.\n")
        .append("# Camunda 8.8 Identity as Code: created on the cluster's FIRST start only; later\n")
        .append("# changes to an existing user, role or authorization are made in Identity (/identity).\n")
        .append("camunda:\n  security:\n    initialization:\n      users:\n");
    user(y, ADMIN_USER, adminPassword, "Camunda administrator", "admin@localhost");
    user(y, APP_USER, appPassword, "between-sessions app", "between-sessions@localhost");
    people.forEach(p -> user(y, p.username(), passwords.get(p.username()), p.name(), p.email()));
    y.append("      defaultRoles:\n        admin:\n          users:\n            - ")
        .append(q(ADMIN_USER)).append('\n');
    if (mode == TasklistMode.PER_TASK) {
      List<Person> workers = people.stream().filter(p -> p.role() == StaffRole.CLINICIAN
          || p.role() == StaffRole.COORDINATOR).toList();
      if (!workers.isEmpty()) {
        y.append("        task-worker:\n          users:\n");
        workers.forEach(p -> y.append("            - ").append(q(p.username())).append('\n'));
      }
    }
    y.append("      groups:\n        - groupId: ").append(q(COORDINATOR_GROUP))
        .append("\n          name: \"Intake coordinators\"\n          users:\n");
    List<Person> coordinators = people.stream().filter(p -> p.role() == StaffRole.COORDINATOR)
        .toList();
    if (coordinators.isEmpty()) {
      y.setLength(y.length() - "          users:\n".length());
      y.append("          users: []\n");
    }
    coordinators.forEach(p -> y.append("            - ").append(q(p.username())).append('\n'));
    Map<String, List<String[]>> roles = roles(mode);
    y.append("      roles:\n");
    roles.keySet().forEach(role -> {
      y.append("        - roleId: ").append(q(role)).append("\n          name: ").append(q(role))
          .append("\n          users:\n");
      List<String> members = role.equals("bsc-app") ? List.of(APP_USER)
          : people.stream().filter(p -> role.equals(roleOf(p.role()))).map(Person::username)
              .toList();
      if (members.isEmpty()) {
        y.setLength(y.length() - "          users:\n".length());
        y.append("          users: []\n");
      }
      members.forEach(m -> y.append("            - ").append(q(m)).append('\n'));
    });
    y.append("      authorizations:\n");
    roles.forEach((role, grants) -> grants.forEach(g -> {
      y.append("        - ownerType: ROLE\n          ownerId: ").append(q(role))
          .append("\n          resourceType: ").append(g[0])
          .append("\n          resourceId: ").append(q(g[1]))
          .append("\n          permissions:\n");
      for (int i = 2; i < g.length; i++) {
        y.append("            - ").append(g[i]).append('\n');
      }
    }));
    return y.toString();
  }

  private static void user(StringBuilder y, String username, String password, String name,
      String email) {
    y.append("        - username: ").append(q(username)).append("\n          password: ")
        .append(q(password)).append("\n          name: ").append(q(name))
        .append("\n          email: ").append(q(email)).append('\n');
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
