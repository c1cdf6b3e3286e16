package org.betweensessions.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.UserTaskState;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** User tasks on a Camunda 8.8 cluster, through the orchestration cluster's REST API. */
@Component
@ConditionalOnProperty(name = "bsc.engine.embedded", havingValue = "false", matchIfMissing = true)
class ClusterUserTasks implements UserTasks {

    private final CamundaClient client;

    ClusterUserTasks(CamundaClient client) {
        this.client = client;
    }

    @Override
    public Optional<OpenUserTask> findOpenTask(long processInstanceKey, String elementId) {
        return client
                .newUserTaskSearchRequest()
                .filter(f -> f.processInstanceKey(processInstanceKey)
                        .elementId(elementId)
                        .state(UserTaskState.CREATED))
                .send()
                .join()
                .items()
                .stream()
                .findFirst()
                .map(t -> new OpenUserTask(
                        t.getUserTaskKey(),
                        t.getElementId(),
                        t.getAssignee(),
                        t.getDueDate() == null ? null : t.getDueDate().toString()));
    }

    @Override
    public void complete(long userTaskKey, Map<String, Object> variables) {
        client.newCompleteUserTaskCommand(userTaskKey)
                .variables(variables)
                .send()
                .join();
    }
}
