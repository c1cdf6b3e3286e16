package org.betweensessions.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The in-memory engine's job pushes must not wait for one busy common-pool thread (CommonPool). The
 * test JVM gets the same pool as the application: pom.xml's argLine sets what main() sets.
 */
class CommonPoolTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(CommonPool.PARALLELISM);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(CommonPool.PARALLELISM);
        } else {
            System.setProperty(CommonPool.PARALLELISM, before);
        }
    }

    @Test
    void theTestJvmsPoolIsAsWideAsTheApplications() {
        assertThat(ForkJoinPool.getCommonPoolParallelism()).isGreaterThanOrEqualTo(CommonPool.AT_LEAST);
    }

    @Test
    void widenSetsAtLeastFourThreadsWhenNothingIsSet() {
        System.clearProperty(CommonPool.PARALLELISM);

        CommonPool.widen();

        assertThat(Integer.parseInt(System.getProperty(CommonPool.PARALLELISM)))
                .isGreaterThanOrEqualTo(CommonPool.AT_LEAST)
                .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors() - 1);
    }

    @Test
    void aValueGivenOnTheCommandLineWins() {
        System.setProperty(CommonPool.PARALLELISM, "2");

        CommonPool.widen();

        assertThat(System.getProperty(CommonPool.PARALLELISM)).isEqualTo("2");
    }
}
