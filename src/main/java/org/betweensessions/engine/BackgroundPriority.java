package org.betweensessions.engine;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background work (the embedded engine, job workers, handing messages to the engine) runs on threads
 * of {@link Thread#MIN_PRIORITY}; API requests, crisis alerts among them, keep normal priority. When
 * the cores are busy with routine triage, the operating system serves the request first.
 *
 * <p>Linux honours Java priorities only with {@code -XX:ThreadPriorityPolicy=1}; the README's run
 * command, the benchmarks and the production image pass it together with
 * {@code -XX:JavaPriority1_To_OSPriority=10} (nice 10: about a tenth of a normal thread's share of a
 * busy core). Lowering priority needs no privileges. Without the flag the priority is ignored and
 * everything works as before. docs/triage.md shows what it changed.
 */
public final class BackgroundPriority {

    private BackgroundPriority() {}

    /** Threads named {@code name-1}, {@code name-2}, ... at the lowest priority; daemon as asked. */
    public static ThreadFactory threads(String name, boolean daemon) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(daemon);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        };
    }
}
