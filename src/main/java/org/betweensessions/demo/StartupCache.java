package org.betweensessions.demo;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.betweensessions.BetweenSessionsApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes the README's run command start fast the second time: the JVM's ahead-of-time cache (JDK 25+,
 * JEP 483/514) holds the application's classes loaded and linked, plus method profiles, from a
 * training run. {@code ./mvnw spring-boot:run} passes {@code bsc.startup-cache.directory} (profile
 * {@code startup-cache} in the pom) and uses the cache once it exists.
 *
 * <p>When the cache is missing or was built for other jars (code changed, dependencies changed, other
 * JDK), this component starts one training run in the background after the application is ready: the
 * same JVM, flags and classpath, its own ports and data folder, at low priority; that run exits as soon
 * as it is ready and the JVM writes the cache. Nothing here runs in tests or in production: without the
 * property the bean does not exist.
 */
@Component
@ConditionalOnProperty(name = "bsc.startup-cache.directory")
class StartupCache {

    private static final Logger LOG = LoggerFactory.getLogger(StartupCache.class);
    static final String TRAINING = "bsc.startup-cache.training";

    private final Path directory;
    private final ConfigurableApplicationContext context;
    private volatile Process training;

    StartupCache(@Value("${bsc.startup-cache.directory}") String directory, ConfigurableApplicationContext context) {
        this.directory = Path.of(directory).toAbsolutePath();
        this.context = context;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        if (Boolean.getBoolean(TRAINING)) {
            // The training run: ready is all it had to reach. Exiting makes the JVM write the cache.
            Thread.ofPlatform().name("startup-cache-exit").start(() -> System.exit(SpringApplication.exit(context)));
            return;
        }
        if (Runtime.version().feature() < 25) {
            return;
        }
        List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        String unusable = classpath.stream()
                .filter(StartupCache::nonEmptyDirectory)
                .findFirst()
                .orElse(null);
        if (unusable != null) {
            LOG.info("No start-up cache: the JVM caches classes from jars only, and {} is a folder", unusable);
            return;
        }
        String stamp = stamp(Runtime.version().toString(), jvmArguments(), classpath);
        if (stamp.equals(read(directory.resolve("app.stamp"))) && Files.exists(cacheFile())) {
            return;
        }
        Thread.ofPlatform().daemon().name("startup-cache-training").start(() -> train(classpath, stamp));
    }

    private void train(List<String> classpath, String stamp) {
        Path output = directory.resolve("app.aot.new");
        Path log = directory.resolve("training.log");
        long started = System.nanoTime();
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(output);
            List<String> command = command(javaExecutable(), jvmArguments(), classpath, output, directory);
            LOG.info(
                    "Building the start-up cache in the background, once per code change (log: {}); "
                            + "the next start uses it",
                    log);
            training = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopTraining, "startup-cache-stop"));
            if (!training.waitFor(10, TimeUnit.MINUTES)) {
                training.destroy();
                LOG.warn("The start-up cache training run took over 10 minutes and was stopped; see {}", log);
                return;
            }
            if (training.exitValue() != 0 || !Files.exists(output)) {
                LOG.warn(
                        "The start-up cache was not built (exit {}); starts stay as they are. See {}",
                        training.exitValue(),
                        log);
                return;
            }
            Files.move(output, cacheFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(directory.resolve("app.stamp"), stamp);
            LOG.info(
                    "Start-up cache ready ({} MB, built in {} s): the next ./mvnw spring-boot:run uses it",
                    Files.size(cacheFile()) >> 20,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        } catch (IOException e) {
            LOG.warn("The start-up cache was not built: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopTraining() {
        Process process = training;
        if (process != null && process.isAlive()) {
            // Forcibly: a training JVM stopped gently would still spend its exit writing a cache nobody
            // moves into place.
            process.destroyForcibly();
        }
    }

    private Path cacheFile() {
        return directory.resolve("app.aot");
    }

    /**
     * The training run's command: this JVM's own flags (the cache is only valid for the same ones),
     * without the cache it was started with, writing a new one; its own ports and database folder so it
     * never touches the running application's.
     */
    static List<String> command(
            String java, List<String> jvmArguments, List<String> classpath, Path output, Path directory) {
        List<String> command = new ArrayList<>();
        command.add(lowPriority());
        command.add(java);
        command.addAll(jvmArguments);
        command.add("-XX:AOTCacheOutput=" + output);
        command.add("-Xlog:aot=warning,cds=warning");
        command.add("-D" + TRAINING + "=true");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(BetweenSessionsApplication.class.getName());
        command.add("--spring.profiles.active=embedded");
        command.add("--server.port=0");
        command.add("--bsc.engine.port=0");
        command.add("--bsc.database.port=0");
        command.add("--bsc.database.directory=" + directory.resolve("training-data"));
        command.removeIf(String::isEmpty);
        return command;
    }

    /**
     * What the cache depends on: the JDK build, the JVM flags and every classpath entry's size and
     * modification time (the JVM refuses a cache when any of them differ).
     */
    static String stamp(String jdk, List<String> jvmArguments, List<String> classpath) {
        StringBuilder stamp = new StringBuilder("jdk ").append(jdk).append('\n');
        jvmArguments.forEach(argument -> stamp.append("flag ").append(argument).append('\n'));
        for (String entry : classpath) {
            File file = new File(entry);
            stamp.append("path ")
                    .append(entry)
                    .append(' ')
                    .append(file.length())
                    .append(' ')
                    .append(file.lastModified())
                    .append('\n');
        }
        return stamp.toString();
    }

    /** This JVM's flags, less those that concern the cache itself. */
    static List<String> jvmArguments() {
        return withoutCacheFlags(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static List<String> withoutCacheFlags(List<String> arguments) {
        return arguments.stream()
                .filter(argument -> !argument.startsWith("-XX:AOTCache")
                        && !argument.startsWith("-Xlog:")
                        && !argument.startsWith("-D" + TRAINING))
                .toList();
    }

    private static String lowPriority() {
        return new File("/usr/bin/nice").canExecute() ? "/usr/bin/nice" : "";
    }

    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static boolean nonEmptyDirectory(String entry) {
        Path path = Path.of(entry);
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> children = Files.list(path)) {
            return children.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
