package org.betweensessions.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.betweensessions.support.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the application's JVM leaves its embedded mariadbd running, holding the data folder. The
 * next start finds it (pid file and /proc, checked to serve our folder), stops it and starts.
 */
class OrphanedServerTest {

    @Test
    void aServerLeftByAKilledJvmIsStoppedAndTheNextStartSucceeds() throws Exception {
        File dir = new File("target/orphan-test-" + UUID.randomUUID()).getAbsoluteFile();
        Process child = ChildJvm.command(List.of("-Xmx128m"), OrphanMaker.class.getName(), List.of(dir.getPath()))
                .redirectErrorStream(true)
                .start();
        String ready = awaitReady(child);
        assertThat(ready).as("child output").startsWith("READY");
        ProcessHandle mariadbd = ChildJvm.mariadbdOf(child.toHandle()).orElseThrow();
        try {
            killAndRestart(child, mariadbd, dir);
        } finally {
            if (mariadbd.isAlive()) {
                mariadbd.destroyForcibly(); // the test failed before the restart stopped it
            }
            child.destroyForcibly();
        }
    }

    private static void killAndRestart(Process child, ProcessHandle mariadbd, File dir) throws Exception {
        ChildJvm.kill9(child.toHandle());

        assertThat(mariadbd.isAlive()).as("the orphan outlives the killed JVM").isTrue();
        File dataDir = new File(dir, "mariadb-data");
        assertThat(OrphanedServers.find(dataDir)).containsExactly(mariadbd.pid());
        // Another server on another folder is not ours.
        assertThat(OrphanedServers.servesDataDir(mariadbd.pid(), new File(dir, "elsewhere").getPath()))
                .isFalse();

        EmbeddedMariaDb restarted = EmbeddedMariaDb.startOnce(dir.getPath(), 0);
        try {
            assertThat(mariadbd.isAlive()).as("the orphan was stopped").isFalse();
            try (var c = DriverManager.getConnection(restarted.jdbcUrl("orphan_test"), "root", "");
                    var rs = c.createStatement().executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(OrphanedServers.find(dataDir))
                    .doesNotContain(mariadbd.pid())
                    .hasSize(1);
        } finally {
            restarted.stop();
            ChildJvm.deleteDatabase(dir);
        }
    }

    private static String awaitReady(Process child) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            if (line.startsWith("READY")) {
                // Keep draining so the child never blocks on a full pipe.
                Thread drain = new Thread(() -> reader.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return line;
            }
            seen.append(line).append('\n');
        }
        return seen.toString();
    }
}
