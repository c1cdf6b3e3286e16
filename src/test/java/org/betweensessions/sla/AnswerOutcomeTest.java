package org.betweensessions.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What counts as an answer: a reply a person wrote. An automatic reply (after hours, the client's
 * acknowledgement) is stored as an outbound reply too, and must not let the answer task be completed
 * with nothing (in the workspace or in Tasklist) once it has gone out.
 */
class AnswerOutcomeTest extends EmbeddedStackTest {

    @Autowired
    AnswerOutcome answers;

    @Autowired
    MessageService service;

    @Test
    void anAutomaticReplyIsNoAnswerAPersonsReplyIs() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Message message = service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "outcome-" + UUID.randomUUID(),
                        client.getId(),
                        null,
                        "Could we talk this week? I could use some advice about my sister.",
                        now()))
                .message();
        Message original = messages.findById(message.getId()).orElseThrow();
        messages.save(Message.autoReply(original, "after-hours-test", "We received your message.", now()));

        assertThat(answers.replyStored(original.getId())).isFalse();
        assertThat(answers.problem(original.getId(), null, null)).isPresent();
        assertThat(answers.problem(original.getId(), "PHONE", null)).isEmpty();

        messages.save(Message.reply(original, "Thanks for writing; let's talk Thursday.", "alex", now()));

        assertThat(answers.replyStored(original.getId())).isTrue();
        assertThat(answers.problem(original.getId(), null, null)).isEmpty();
    }
}
