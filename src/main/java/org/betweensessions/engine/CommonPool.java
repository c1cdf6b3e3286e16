package org.betweensessions.engine;

import java.util.concurrent.ForkJoinPool;

/**
 * The in-memory engine (zeebe-process-test) hands every job it streams to a worker through the JVM's
 * common {@link ForkJoinPool}. That pool has one thread fewer than the machine has cores: on a
 * 2-core machine, one. Anything else that keeps that one thread busy (any library's parallel stream
 * or pool task) holds up every job the engine pushes: measured in a test, a job retried five times
 * took 30 s instead of 2 s while one task slept on the pool. A wider pool keeps job delivery
 * independent of what else uses it. A cluster's gateway streams jobs on its own threads, so this
 * matters only to the embedded engine; it is harmless elsewhere.
 *
 * <p>The property is read once, when the pool is first used, so it is set before anything starts:
 * in {@code main} for the application and in the test JVM's arguments (pom.xml) for the tests. A
 * value given on the command line wins.
 */
public final class CommonPool {

    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    /** At least this many threads in the common pool, unless told otherwise. */
    static final int AT_LEAST = 4;

    private CommonPool() {}

    /** Call first thing in {@code main}, before any library touches the pool. */
    public static void widen() {
        if (System.getProperty(PARALLELISM) == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.setProperty(PARALLELISM, String.valueOf(Math.max(AT_LEAST, cores - 1)));
        }
    }
}
