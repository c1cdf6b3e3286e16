package org.betweensessions.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.engine.UserTasks.TaskView;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The embedded implementation of {@link UserTasks} on the real in-memory engine (the same contract
 * {@code ClusterUserTasksTest} checks for the cluster implementation against the 8.8 REST shapes): a
 * routine message opens "Respond to client message" for alex; it is listed for alex with its deployed
 * Camunda Form and its instance's variables, not for blair; it can be read by key; completed with the
 * form's fields it leaves the list.
 */
class EmbeddedUserTasksTest extends EmbeddedStackTest {

    @Autowired
    UserTasks userTasks;

    @Autowired
    MessageService service;

    @Test
    void listsReadsAndCompletesAPersonsTask() {
        assertThat(userTasks).isInstanceOf(EmbeddedUserTasks.class);
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Message message = service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "tasks-" + UUID.randomUUID(),
                        client.getId(),
                        null,
                        "Could you give me some advice before Thursday? My manager keeps criticising me in meetings and I don't know how to answer him.",
                        now()))
                .message();
        TaskView[] found = new TaskView[1];
        eventually(() -> {
            Optional<TaskView> task = userTasks.openTasksFor("alex", List.of()).stream()
                    .filter(t -> message.getId().toString().equals(t.variables().get("messageId")))
                    .findFirst();
            assertThat(task).isPresent();
            found[0] = task.get();
        });
        TaskView task = found[0];

        assertThat(task.elementId()).isEqualTo("RespondToMessageTask");
        assertThat(task.bpmnProcessId()).isEqualTo("message-triage");
        assertThat(task.assignee()).isEqualTo("alex");
        assertThat(task.dueDate()).isNotBlank();
        assertThat(task.formId()).isEqualTo("respond-to-client-message");
        assertThat(task.formSchema()).contains("\"answerOutcome\"", "\"minutesSpent\"");
        assertThat(task.variables()).containsEntry("route", "CLINICIAN").containsKey("dueLabel");
        assertThat(userTasks.openTasksFor("blair", List.of()))
                .extracting(TaskView::userTaskKey)
                .doesNotContain(task.userTaskKey());
        assertThat(userTasks.openTask(task.userTaskKey()))
                .hasValueSatisfying(t -> assertThat(t.formId()).isEqualTo("respond-to-client-message"));
        assertThat(userTasks.findOpenTask(task.processInstanceKey(), "RespondToMessageTask"))
                .hasValueSatisfying(t -> assertThat(t.userTaskKey()).isEqualTo(task.userTaskKey()));

        userTasks.complete(task.userTaskKey(), Map.of("answerOutcome", "PHONE", "minutesSpent", 6));

        assertThat(userTasks.openTask(task.userTaskKey())).isEmpty();
        assertThat(userTasks.openTasksFor("alex", List.of()))
                .extracting(TaskView::userTaskKey)
                .doesNotContain(task.userTaskKey());
        eventually(() -> assertThat(
                        messages.findById(message.getId()).orElseThrow().getAnsweredAt())
                .isNotNull());
    }
}
