package org.betweensessions.support;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a class of the test classpath in a JVM of its own (same java binary, same classpath), so a
 * test can kill it with SIGKILL as an operator's {@code kill -9} or a dying machine would.
 */
public final class ChildJvm {

  private ChildJvm() {}

  public static ProcessBuilder command(List<String> jvmOptions, String mainClass,
      List<String> args) {
    String java = ProcessHandle.current().info().command()
        .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-cp");
    // Under surefire this is its manifest-only booter jar; the JVM follows its Class-Path.
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return new ProcessBuilder(command);
  }

  /** kill -9 of the process alone: its children (the embedded mariadbd) live on. */
  public static void kill9(ProcessHandle process) {
    process.destroyForcibly();
    process.onExit().join();
  }

  /** The embedded mariadbd started by {@code app}, if it runs. */
  public static Optional<ProcessHandle> mariadbdOf(ProcessHandle app) {
    return app.descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/mariadbd")).orElse(false))
        .findFirst();
  }

  public static File logFile(File dir, String name) throws IOException {
    dir.mkdirs();
    File log = new File(dir, name);
    log.createNewFile();
    return log;
  }
}
