package org.betweensessions.triage.screening;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-thread throughput of {@link TriageClassifier#classify}. Uses the given JSONL files as the
 * message mix (or a built-in mix), warms up for about four seconds, then measures for about five.
 * Usage: {@code TriageBenchmark [file.jsonl...]}; {@code ./mvnw -q test-compile exec:exec@triage-benchmark} uses
 * the dev set ({@code -Dtriage.files=...} for others).
 */
public final class TriageBenchmark {

    private TriageBenchmark() {}

    public static void main(String[] args) {
        List<String[]> mix = new ArrayList<>();
        for (String a : String.join(" ", args).split("\\s+")) {
            if (!a.isBlank() && Files.exists(Path.of(a))) {
                LabelledMessage.read(Path.of(a)).forEach(m -> mix.add(new String[] {m.text(), m.lang()}));
            }
        }
        if (mix.isEmpty()) {
            mix.add(new String[] {"Need to cancel Thursday, can we find another time next week?", "en"});
            mix.add(new String[] {"everyone would be better off without me tbh", "en"});
            mix.add(new String[] {"Hice la tarea y me fue bien, el jueves te cuento.", "es"});
            mix.add(new String[] {"This homework is killing me lol, can we go over it?", "en"});
        }
        // Null language half the time so detection is part of the cost.
        TriageClassifier classifier = new TriageClassifier(TriageLexicon.loadDefault());
        // Long enough for the JIT to finish with the pattern and model code (1 s was not: figures
        // then depended on how far compilation had got).
        long sink = run(classifier, mix, 4_000_000_000L)[1];
        long[] measured = run(classifier, mix, 5_000_000_000L);
        int totalChars = mix.stream().mapToInt(m -> m[0].length()).sum();
        System.out.printf(
                Locale.ROOT, "messages: %d distinct, mean length %d chars%n", mix.size(), totalChars / mix.size());
        System.out.printf(
                Locale.ROOT,
                "throughput (1 thread, wall clock): %.0f messages/s (%d classified in %.2f s)%n",
                measured[0] * 1e9 / measured[2],
                measured[0],
                measured[2] / 1e9);
        // CPU time of this thread is what "one core" means; wall time also counts other processes' use of the core.
        System.out.printf(
                Locale.ROOT,
                "throughput (1 thread, per CPU-second): %.0f messages/s [%d]%n",
                measured[0] * 1e9 / measured[3],
                (sink + measured[1]) & 1);
    }

    /** @return {messages, checksum, elapsedNanos, cpuNanos} */
    private static long[] run(TriageClassifier classifier, List<String[]> mix, long nanos) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long count = 0;
        long checksum = 0;
        long now;
        do {
            for (int i = 0; i < mix.size(); i++) {
                String[] m = mix.get(i);
                TriageResult r = classifier.classify(m[0], (i & 1) == 0 ? m[1] : null);
                checksum += r.category().ordinal() + r.signals().size();
            }
            count += mix.size();
            now = System.nanoTime();
        } while (now - start < nanos);
        return new long[] {count, checksum, now - start, threads.getCurrentThreadCpuTime() - cpuStart};
    }
}
