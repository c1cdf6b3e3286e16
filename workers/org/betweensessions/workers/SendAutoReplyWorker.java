package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.triage.AutoReplies;
import org.springframework.stereotype.Component;

/** SendAutoRepliesTask (one job per template the auto-replies table chose). */
@Component
public class SendAutoReplyWorker {

    private final AutoReplies autoReplies;

    public SendAutoReplyWorker(AutoReplies autoReplies) {
        this.autoReplies = autoReplies;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_AUTO_REPLY)
    public void send(@Variable UUID messageId, @Variable String autoReplyTemplate) {
        autoReplies.send(messageId, autoReplyTemplate);
    }
}
