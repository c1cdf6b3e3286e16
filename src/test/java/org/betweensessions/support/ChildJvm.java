package org.betweensessions.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Starts a class of the test classpath in a JVM of its own (same java binary, same classpath), so a
 * test can kill it with SIGKILL as an operator's {@code kill -9} or a dying machine would.
 */
public final class ChildJvm {

    private ChildJvm() {}

    public static ProcessBuilder command(List<String> jvmOptions, String mainClass, List<String> args) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /**
     * The test classpath, without empty entries; a manifest-only booter jar (surefire's other mode)
     * spelled out into its Class-Path entries.
     */
    static String classpath() {
        // An empty entry (surefire's class path ends with a separator) would put the working
        // directory, with its bpmn/ and forms/ folders, on the class path: deployed twice, refused.
        String[] entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.isBlank())
                .toArray(String[]::new);
        String cp = String.join(File.pathSeparator, entries);
        if (entries.length != 1 || !entries[0].endsWith(".jar")) {
            return cp;
        }
        try (JarFile jar = new JarFile(entries[0])) {
            Manifest manifest = jar.getManifest();
            String classPath =
                    manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return cp;
            }
            URI base = new File(entries[0]).toURI();
            List<String> files = new ArrayList<>();
            for (String url : classPath.trim().split("\\s+")) {
                files.add(new File(base.resolve(url)).getPath());
            }
            return String.join(File.pathSeparator, files);
        } catch (IOException e) {
            return cp;
        }
    }

    /** kill -9 of the process alone: its children (the embedded mariadbd) live on. */
    public static void kill9(ProcessHandle process) {
        process.destroyForcibly();
        process.onExit().join();
    }

    /** The embedded mariadbd started by {@code app}, if it runs. */
    public static Optional<ProcessHandle> mariadbdOf(ProcessHandle app) {
        return app.descendants()
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/mariadbd")).orElse(false))
                .findFirst();
    }

    /**
     * Deletes a test's database folders (about 500 MB each: the unpacked MariaDB and its data), once
     * nothing runs on them any more; logs next to them are kept.
     */
    public static void deleteDatabase(File dir) {
        for (String name : List.of("mariadb-server", "mariadb-data", "mariadb-tmp")) {
            File folder = new File(dir, name);
            if (folder.exists()) {
                try (var paths = Files.walk(folder.toPath())) {
                    paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                } catch (IOException e) {
                    // leftovers under target/ only
                }
            }
        }
    }

    public static File logFile(File dir, String name) throws IOException {
        dir.mkdirs();
        File log = new File(dir, name);
        log.createNewFile();
        return log;
    }
}
