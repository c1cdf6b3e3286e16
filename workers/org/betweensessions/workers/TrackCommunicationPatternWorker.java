package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.triage.CommunicationPatterns;
import org.springframework.stereotype.Component;

/** TrackCommunicationPatternTask: flags urgent framing and rising contact for the next session. */
@Component
public class TrackCommunicationPatternWorker {

    private final CommunicationPatterns patterns;

    public TrackCommunicationPatternWorker(CommunicationPatterns patterns) {
        this.patterns = patterns;
    }

    @JobWorker(type = ProcessIds.JOB_TRACK_COMMUNICATION_PATTERN)
    public void track(@Variable UUID messageId) {
        patterns.track(messageId);
    }
}
