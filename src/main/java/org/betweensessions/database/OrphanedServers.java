package org.betweensessions.database;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server left running by an earlier run of the application on the same data folder. When
 * the application's JVM is killed ({@code kill -9}, OOM killer) its embedded mariadbd is not: it keeps
 * the data folder locked ({@code Can't lock aria control file}, {@code Unable to lock ./ibdata1}) and
 * the next start never becomes healthy. Before starting its own server the application looks for such
 * a server and stops it.
 *
 * <p>A process counts as ours only if {@code /proc/<pid>/cmdline} names a {@code mariadbd} (or
 * {@code mysqld}) binary and passes exactly our data folder as {@code --datadir}: another copy of the
 * application on another folder, or any other MariaDB on the machine, is never touched. Candidates
 * come from the server's pid files in the data folder and from a scan of {@code /proc} (a server killed
 * before it wrote its pid file, or a pid file removed by hand). Linux only; elsewhere nothing is found.
 */
final class OrphanedServers {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedServers.class);
    private static final Path PROC = Path.of("/proc");

    private OrphanedServers() {}

    /** Pids of running MariaDB servers whose data folder is {@code dataDir}, oldest first. */
    static List<Long> find(File dataDir) {
        String datadir = canonical(dataDir);
        Set<Long> candidates = new LinkedHashSet<>();
        File[] pidFiles = dataDir.listFiles((dir, name) -> name.endsWith(".pid"));
        if (pidFiles != null) {
            for (File pidFile : pidFiles) {
                readPid(pidFile.toPath()).ifPresent(candidates::add);
            }
        }
        if (Files.isDirectory(PROC)) {
            try (Stream<Path> entries = Files.list(PROC)) {
                entries.map(p -> p.getFileName().toString())
                        .filter(name -> name.chars().allMatch(Character::isDigit))
                        .map(Long::parseLong)
                        .forEach(candidates::add);
            } catch (IOException e) {
                LOG.debug("Could not list /proc", e);
            }
        }
        long self = ProcessHandle.current().pid();
        List<Long> ours = new ArrayList<>();
        for (long pid : candidates) {
            if (pid != self && servesDataDir(pid, datadir)) {
                ours.add(pid);
            }
        }
        return ours;
    }

    /**
     * Stops every server {@link #find} reports: SIGTERM first (MariaDB shuts down cleanly and releases
     * its locks), SIGKILL after {@code grace}. Returns the pids it stopped.
     */
    static List<Long> stopAll(File dataDir, Duration grace) {
        List<Long> found = find(dataDir);
        for (long pid : found) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty()) {
                continue;
            }
            LOG.warn("A MariaDB server (pid {}) left running by an earlier run holds {}; stopping it", pid, dataDir);
            ProcessHandle handle = process.get();
            handle.destroy();
            if (!awaitExit(handle, grace)) {
                LOG.warn("MariaDB server {} did not stop within {}; killing it", pid, grace);
                handle.destroyForcibly();
                if (!awaitExit(handle, Duration.ofSeconds(10))) {
                    throw new IllegalStateException("Could not stop the MariaDB server (pid " + pid
                            + ") that an earlier run left on " + dataDir);
                }
            }
        }
        return found;
    }

    /** Whether {@code pid} is a mariadbd/mysqld process started with {@code --datadir=datadir}. */
    static boolean servesDataDir(long pid, String datadir) {
        List<String> args = cmdline(pid);
        if (args.isEmpty()) {
            return false;
        }
        String binary = new File(args.getFirst()).getName();
        if (!binary.equals("mariadbd") && !binary.equals("mysqld")) {
            return false;
        }
        for (String arg : args) {
            if (arg.startsWith("--datadir=")
                    && canonical(new File(arg.substring("--datadir=".length()))).equals(datadir)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            List<String> args = new ArrayList<>();
            for (String arg : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                if (!arg.isEmpty()) {
                    args.add(arg);
                }
            }
            return args;
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !handle.isAlive();
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private static String canonical(File file) {
        try {
            return file.getCanonicalPath();
        } catch (IOException e) {
            return file.getAbsolutePath();
        }
    }
}
