package org.betweensessions.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up cache's bookkeeping (the cache itself is the JVM's; measured figures are in
 * docs/startup.md): when it counts as out of date, and how the training run is started.
 */
class StartupCacheTest {

    @TempDir
    Path folder;

    @Test
    void aChangedJarMakesTheCacheOutOfDate() throws Exception {
        Path jar = Files.writeString(folder.resolve("app.jar"), "classes");
        List<String> classpath = List.of(jar.toString());
        String before = StartupCache.stamp("25.0.3", List.of("-XX:+UseSerialGC"), classpath);

        assertThat(StartupCache.stamp("25.0.3", List.of("-XX:+UseSerialGC"), classpath))
                .isEqualTo(before);

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(StartupCache.stamp("25.0.3", List.of("-XX:+UseSerialGC"), classpath))
                .isNotEqualTo(before);
    }

    @Test
    void anotherJdkOrOtherFlagsMakeTheCacheOutOfDate() throws Exception {
        Path jar = Files.writeString(folder.resolve("app.jar"), "classes");
        List<String> classpath = List.of(jar.toString());
        String before = StartupCache.stamp("25.0.3", List.of("-XX:+UseSerialGC"), classpath);

        assertThat(StartupCache.stamp("25.0.4", List.of("-XX:+UseSerialGC"), classpath))
                .isNotEqualTo(before);
        assertThat(StartupCache.stamp("25.0.3", List.of("-XX:+UseG1GC"), classpath))
                .isNotEqualTo(before);
    }

    @Test
    void theCacheFlagsThemselvesDoNotCount() {
        assertThat(StartupCache.withoutCacheFlags(List.of(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:AOTCache=/x/app.aot",
                        "-Xlog:aot=off",
                        "-Xlog:cds=off",
                        "-Dbsc.startup-cache.training=true",
                        "-Dbsc.startup-cache.directory=/x")))
                .containsExactly("-XX:TieredStopAtLevel=1", "-Dbsc.startup-cache.directory=/x");
    }

    @Test
    void theTrainingRunWritesANewCacheOnItsOwnPortsAndData() {
        Path cache = folder.resolve("startup-cache");
        List<String> command = StartupCache.command(
                "/jdk/bin/java",
                List.of("-XX:+UseSerialGC"),
                List.of("/a.jar", "/b.jar"),
                cache.resolve("app.aot.new"),
                cache);

        assertThat(command)
                .contains(
                        "/jdk/bin/java",
                        "-XX:+UseSerialGC",
                        "-XX:AOTCacheOutput=" + cache.resolve("app.aot.new"),
                        "-Dbsc.startup-cache.training=true",
                        "/a.jar:/b.jar",
                        "org.betweensessions.BetweenSessionsApplication",
                        "--spring.profiles.active=embedded",
                        "--server.port=0",
                        "--bsc.engine.port=0",
                        "--bsc.database.port=0",
                        "--bsc.database.directory=" + cache.resolve("training-data"));
        assertThat(command.indexOf("-XX:+UseSerialGC")).isLessThan(command.indexOf("-cp"));
        assertThat(command).noneMatch(String::isEmpty);
    }
}
