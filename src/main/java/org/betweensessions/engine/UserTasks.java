package org.betweensessions.engine;

import java.util.Map;
import java.util.Optional;

/**
 * Camunda user tasks as the application needs them: find the open task of an instance, complete it.
 * Against a cluster this is CamundaClient over REST; with the embedded engine, which has no REST API,
 * {@link EmbeddedUserTasks} does it on the engine itself.
 */
public interface UserTasks {

  Optional<OpenUserTask> findOpenTask(long processInstanceKey, String elementId);

  void complete(long userTaskKey, Map<String, Object> variables);

  record OpenUserTask(long userTaskKey, String elementId, String assignee, String dueDate) {}
}
