package org.betweensessions.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/**
 * Background threads carry the lowest priority, and threads they start inherit it (that is how the
 * embedded engine's own threads get it). What the operating system makes of it is in docs/triage.md.
 */
class BackgroundPriorityTest {

    @Test
    void backgroundThreadsAreNamedAndOfLowestPriority() {
        ThreadFactory factory = BackgroundPriority.threads("job-worker", true);
        Thread first = factory.newThread(() -> {});
        Thread second = factory.newThread(() -> {});

        assertThat(first.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getName()).isEqualTo("job-worker-1");
        assertThat(second.getName()).isEqualTo("job-worker-2");
    }

    @Test
    void threadsStartedFromABackgroundThreadInheritItsPriority() throws Exception {
        CompletableFuture<Integer> childPriority = new CompletableFuture<>();
        Thread parent = BackgroundPriority.threads("engine-start", true)
                .newThread(() -> new Thread(() ->
                                childPriority.complete(Thread.currentThread().getPriority()))
                        .start());
        parent.start();

        assertThat(childPriority.get()).isEqualTo(Thread.MIN_PRIORITY);
    }
}
