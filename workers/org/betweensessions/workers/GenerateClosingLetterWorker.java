package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/**
 * GenerateClosingLetterTask in termination: the letter from the template bank, stored encrypted;
 * only the channel and whether written consent exists come back to the engine.
 */
@Component
public class GenerateClosingLetterWorker {

    private final Terminations terminations;

    public GenerateClosingLetterWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_GENERATE_CLOSING_LETTER)
    public Terminations.LetterReady generate(@Variable String terminationId, @Variable String contactGrace) {
        return terminations.generateLetter(
                UUID.fromString(terminationId), contactGrace == null ? null : Duration.parse(contactGrace));
    }
}
