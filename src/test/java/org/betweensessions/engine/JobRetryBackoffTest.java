package org.betweensessions.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The backoff counts failures from the retries the task declares in its diagram, so a crisis step with
 * retries="10" doubles its wait from the first failure on, as a retries="5" step does (a constant of 5
 * kept the crisis steps at the base wait for their first five failures).
 */
class JobRetryBackoffTest {

    final DeclaredRetries declared = new DeclaredRetries();
    final JobRetryBackoff backoff =
            new JobRetryBackoff(null, null, null, Duration.ofSeconds(10), Duration.ofMinutes(5), declared);

    @Test
    void declaredRetriesAreReadFromTheBundledDiagrams() {
        assertThat(declared.of("message-triage", "AlertResponsibleClinicianTask"))
                .contains(10);
        assertThat(declared.of("message-triage", "ScreenMessageTask")).contains(5);
        assertThat(declared.of("intake-consent", "SendPolicyToClientTask")).contains(5);
        assertThat(declared.of("message-triage", "NoSuchTask")).isEmpty();
    }

    @Test
    void theWaitDoublesFromTheFirstFailureWhateverTheDeclaredRetries() {
        assertThat(backoff.backoff(10, 10)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.backoff(10, 9)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.backoff(10, 8)).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.backoff(5, 5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.backoff(5, 2)).isEqualTo(Duration.ofSeconds(80));
        assertThat(backoff.backoff(10, 1)).isEqualTo(Duration.ofMinutes(5));
    }
}
