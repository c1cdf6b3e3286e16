package org.betweensessions.engine;

import java.util.Collection;
import java.util.List;
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

    /**
     * Open tasks a person may work on: assigned to {@code username}, or offered to one of
     * {@code groups}. The embedded engine answers from its record stream; against a cluster this is
     * not implemented yet (people use Tasklist there).
     */
    default List<TaskView> openTasksFor(String username, Collection<String> groups) {
        throw new UnsupportedOperationException("Listing tasks needs the embedded engine; use Tasklist");
    }

    /** One open task with its form and its process instance's variables, if it is open. */
    default Optional<TaskView> openTask(long userTaskKey) {
        throw new UnsupportedOperationException("Reading tasks needs the embedded engine; use Tasklist");
    }

    /**
     * An open Camunda user task as a person works on it: its linked Camunda Form (the deployed JSON)
     * and the variables of its process instance (ids, categories, times: never message text).
     */
    record TaskView(
            long userTaskKey,
            String elementId,
            String name,
            String bpmnProcessId,
            long processInstanceKey,
            String assignee,
            List<String> candidateGroups,
            String dueDate,
            String creationDate,
            String formId,
            String formSchema,
            Map<String, Object> variables) {}
}
