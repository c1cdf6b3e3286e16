package org.betweensessions.process;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.inbox.ReplyRequest;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** message-triage on the real engine: the path taken, the user task, and what the engine holds. */
class MessageTriageProcessTest extends EmbeddedStackTest {

    @Autowired
    MessageService service;

    @Autowired
    UserTasks userTasks;

    @Test
    void supportSeekingMessageWaitsForTheClinicianAndEndsWhenAnswered() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String body = "Rough week with my sister, could we talk about it before Thursday? " + UUID.randomUUID();
        Message accepted = service.accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL, "ext-" + UUID.randomUUID(), client.getId(), body))
                .message();

        Message triaged = awaitMessage(accepted.getId(), m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE);
        InspectedProcessInstance instance = new InspectedProcessInstance(triaged.getProcessInstanceKey());
        // AWAITING_RESPONSE is committed by RecordRouteTask, a moment before the task exists.
        eventually(() -> assertThat(instance)
                .hasPassedElementsInOrder("InboundMessageReceivedEvent", "ScreenMessageTask")
                .isWaitingAtElements(ProcessIds.RESPOND_TO_MESSAGE_TASK)
                .hasVariableWithValue("messageId", accepted.getId().toString()));

        UserTaskRecordValue task = userTaskRecord(triaged.getProcessInstanceKey(), UserTaskIntent.CREATED);
        assertThat(task.getFormKey()).isPositive();
        assertThat(userTaskRecord(triaged.getProcessInstanceKey(), UserTaskIntent.ASSIGNED)
                        .getAssignee())
                .isEqualTo("alex");
        assertThat(userTasks.findOpenTask(triaged.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo("alex"));

        Message reply = service.reply(
                accepted.getId(),
                new ReplyRequest("Thank you for telling me " + UUID.randomUUID()),
                new CurrentUser("alex", StaffRole.CLINICIAN));

        // After the task: RecordResponseTimeTask (a job), so the end comes a moment later.
        eventually(() -> assertThat(instance)
                .hasPassedElementsInOrder(
                        "InboundMessageReceivedEvent",
                        "ScreenMessageTask",
                        ProcessIds.RESPOND_TO_MESSAGE_TASK,
                        ProcessIds.RECORD_RESPONSE_TIME_TASK,
                        "MessageAnsweredEvent")
                .isCompleted()
                .hasVariableWithValue("replyMessageId", reply.getId().toString()));
        assertThat(messages.findById(accepted.getId()).orElseThrow().getStatus())
                .isEqualTo(MessageStatus.ANSWERED);

        // Privacy by construction: neither the message nor the reply text is anywhere in the engine.
        assertThat(recordsMentioning(body)).isEmpty();
        assertThat(recordsMentioning(reply.getBody())).isEmpty();
    }

    @Test
    void aRedeliveredMessageStartsNoSecondInstance() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        InboundMessageRequest request = InboundMessageRequest.fromClient(
                Channel.EMAIL, "ext-" + UUID.randomUUID(), client.getId(), "Checking in about homework");
        Message first = service.accept(request).message();
        // Screened by the engine's instance (a crisis is routed on receipt, before its instance runs).
        Message triaged = awaitMessage(first.getId(), m -> m.getRoute() != null && m.getProcessInstanceKey() != null);

        MessageService.Accepted again = service.accept(request);

        assertThat(again.created()).isFalse();
        assertThat(again.message().getId()).isEqualTo(first.getId());
        assertThat(instancesFor(first.getId())).containsExactly(triaged.getProcessInstanceKey());
    }

    private UserTaskRecordValue userTaskRecord(long processInstanceKey, UserTaskIntent intent) {
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.USER_TASK
                    && r.getIntent() == intent
                    && ((UserTaskRecordValue) r.getValue()).getProcessInstanceKey() == processInstanceKey) {
                return (UserTaskRecordValue) r.getValue();
            }
        }
        throw new AssertionError("no user task " + intent + " for instance " + processInstanceKey);
    }

    private List<Long> instancesFor(UUID messageId) {
        List<Long> keys = new ArrayList<>();
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.VARIABLE && r.getIntent().name().equals("CREATED")) {
                var value = (VariableRecordValue) r.getValue();
                if (value.getName().equals("messageId")
                        && value.getValue().equals("\"" + messageId + "\"")
                        && value.getScopeKey() == value.getProcessInstanceKey()) {
                    keys.add(value.getProcessInstanceKey());
                }
            }
        }
        return keys;
    }

    private List<String> recordsMentioning(String text) {
        List<String> found = new ArrayList<>();
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            String json = r.toJson();
            if (json.contains(text)) {
                found.add(r.getValueType() + " " + r.getIntent());
            }
        }
        return found;
    }
}
