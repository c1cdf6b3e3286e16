package org.betweensessions.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Camunda user tasks as the application and the workspace need them: list a person's open tasks, read
 * one with its form and variables, find the open task of an instance, reassign it, complete it. One interface, two
 * implementations chosen by {@code bsc.engine.embedded}: against a Camunda 8.8 cluster
 * {@link ClusterUserTasks} uses the orchestration cluster's REST API (user task search and
 * completion); with the embedded engine, which has no REST API, {@link EmbeddedUserTasks} does it on
 * the engine itself.
 */
public interface UserTasks {

    /** The open tasks of one element of an instance (several where it runs more than once at a time). */
    List<OpenUserTask> findOpenTasks(long processInstanceKey, String elementId);

    default Optional<OpenUserTask> findOpenTask(long processInstanceKey, String elementId) {
        return findOpenTasks(processInstanceKey, elementId).stream().findFirst();
    }

    void complete(long userTaskKey, Map<String, Object> variables);

    /** Gives an open task to another person (replacing its assignee); throws if the engine refuses. */
    void assign(long userTaskKey, String assignee);

    record OpenUserTask(long userTaskKey, String elementId, String assignee, String dueDate) {}

    /**
     * Open tasks a person may work on: assigned to {@code username}, or offered to one of
     * {@code groups} and not claimed by anyone; oldest first.
     */
    List<TaskView> openTasksFor(String username, Collection<String> groups);

    /** One open task with its form and its process instance's variables, if it is open. */
    Optional<TaskView> openTask(long userTaskKey);

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
