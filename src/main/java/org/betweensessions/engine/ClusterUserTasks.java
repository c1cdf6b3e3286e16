package org.betweensessions.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.filter.UserTaskFilter;
import io.camunda.client.api.search.response.Form;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.client.api.search.response.Variable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * User tasks on a Camunda 8.8 cluster, through the orchestration cluster's REST API: user task
 * search ({@code POST /v2/user-tasks/search}), one task ({@code GET /v2/user-tasks/{key}}), its linked
 * form ({@code GET /v2/user-tasks/{key}/form}), its variables ({@code POST
 * /v2/user-tasks/{key}/variables/search}) and completion ({@code POST /v2/user-tasks/{key}/completion}).
 * Searches read the cluster's secondary storage, which follows the engine by a second or two: a task
 * just created or just completed can be missing from, or still in, a list for that long.
 */
@Component
@ConditionalOnProperty(name = "bsc.engine.embedded", havingValue = "false", matchIfMissing = true)
public class ClusterUserTasks implements UserTasks {

    /** Page size of one search; a person's open tasks are far fewer. */
    static final int PAGE = 100;
    /** At most this many tasks or variables are read for one list or task. */
    static final int MOST = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamundaClient client;
    /** A deployed form never changes under its key. */
    private final Map<Long, Optional<Form>> forms = new ConcurrentHashMap<>();

    public ClusterUserTasks(CamundaClient client) {
        this.client = client;
    }

    @Override
    public List<OpenUserTask> findOpenTasks(long processInstanceKey, String elementId) {
        return client
                .newUserTaskSearchRequest()
                .filter(f -> f.processInstanceKey(processInstanceKey)
                        .elementId(elementId)
                        .state(UserTaskState.CREATED))
                .send()
                .join()
                .items()
                .stream()
                .map(t -> new OpenUserTask(t.getUserTaskKey(), t.getElementId(), t.getAssignee(), text(t.getDueDate())))
                .toList();
    }

    @Override
    public void complete(long userTaskKey, Map<String, Object> variables) {
        client.newCompleteUserTaskCommand(userTaskKey)
                .variables(variables)
                .send()
                .join();
    }

    @Override
    public void assign(long userTaskKey, String assignee) {
        client.newAssignUserTaskCommand(userTaskKey)
                .assignee(assignee)
                .allowOverride(true)
                .send()
                .join();
    }

    /** Assigned to the user, or offered to one of their groups and not yet claimed; oldest first. */
    @Override
    public List<TaskView> openTasksFor(String username, Collection<String> groups) {
        Map<Long, UserTask> open = new LinkedHashMap<>();
        search(f -> f.assignee(username).state(UserTaskState.CREATED)).forEach(t -> open.put(t.getUserTaskKey(), t));
        for (String group : groups) {
            search(f -> f.candidateGroup(group).state(UserTaskState.CREATED)).stream()
                    .filter(t -> t.getAssignee() == null || t.getAssignee().isEmpty())
                    .forEach(t -> open.putIfAbsent(t.getUserTaskKey(), t));
        }
        return open.values().stream()
                .sorted((a, b) -> compare(a.getCreationDate(), b.getCreationDate()))
                .map(this::view)
                .toList();
    }

    @Override
    public Optional<TaskView> openTask(long userTaskKey) {
        UserTask task;
        try {
            task = client.newUserTaskGetRequest(userTaskKey).send().join();
        } catch (ClientHttpException | CompletionException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return task.getState() == UserTaskState.CREATED ? Optional.of(view(task)) : Optional.empty();
    }

    private List<UserTask> search(Consumer<UserTaskFilter> filter) {
        List<UserTask> found = new ArrayList<>();
        String after = null;
        while (found.size() < MOST) {
            String cursor = after;
            SearchResponse<UserTask> page = client.newUserTaskSearchRequest()
                    .filter(filter)
                    .sort(s -> s.creationDate().asc())
                    .page(p -> {
                        p.limit(PAGE);
                        if (cursor != null) {
                            p.after(cursor);
                        }
                    })
                    .send()
                    .join();
            found.addAll(page.items());
            after = page.page() == null ? null : page.page().endCursor();
            if (page.items().size() < PAGE || after == null) {
                break;
            }
        }
        return found;
    }

    private TaskView view(UserTask task) {
        Optional<Form> form = task.getFormKey() == null ? Optional.empty() : form(task);
        return new TaskView(
                task.getUserTaskKey(),
                task.getElementId(),
                task.getName(),
                task.getBpmnProcessId(),
                task.getProcessInstanceKey(),
                task.getAssignee(),
                task.getCandidateGroups() == null ? List.of() : task.getCandidateGroups(),
                text(task.getDueDate()),
                text(task.getCreationDate()),
                form.map(Form::getFormId).orElse(null),
                form.map(f -> schema(f.getSchema())).orElse(null),
                variables(task));
    }

    private Optional<Form> form(UserTask task) {
        return forms.computeIfAbsent(task.getFormKey(), key -> {
            try {
                return Optional.ofNullable(client.newUserTaskGetFormRequest(task.getUserTaskKey())
                        .send()
                        .join());
            } catch (ClientHttpException | CompletionException e) {
                if (notFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * The variables the task sees, with full values: the process instance's, overridden by the task's
     * own scope (as Tasklist fills a form). Values arrive as JSON text.
     */
    private Map<String, Object> variables(UserTask task) {
        Map<String, Object> instance = new HashMap<>();
        Map<String, Object> local = new HashMap<>();
        String after = null;
        int read = 0;
        while (read < MOST) {
            String cursor = after;
            SearchResponse<Variable> page = client.newUserTaskVariableSearchRequest(task.getUserTaskKey())
                    .withFullValues()
                    .page(p -> {
                        p.limit(PAGE);
                        if (cursor != null) {
                            p.after(cursor);
                        }
                    })
                    .send()
                    .join();
            for (Variable v : page.items()) {
                Object value = parse(v.getValue());
                if (value == null) {
                    continue;
                }
                boolean ofInstance = v.getScopeKey() == null || v.getScopeKey().equals(v.getProcessInstanceKey());
                (ofInstance ? instance : local).put(v.getName(), value);
            }
            read += page.items().size();
            after = page.page() == null ? null : page.page().endCursor();
            if (page.items().size() < PAGE || after == null) {
                break;
            }
        }
        instance.putAll(local);
        return Map.copyOf(instance);
    }

    /** The form's JSON as text: the 8.8 API returns it as a string; tolerate a parsed object too. */
    private static String schema(Object schema) {
        if (schema == null || schema instanceof String) {
            return (String) schema;
        }
        try {
            return JSON.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Form schema is not serialisable", e);
        }
    }

    private static Object parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean notFound(RuntimeException e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof ClientHttpException http && http.code() == 404;
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toString();
    }

    private static int compare(OffsetDateTime a, OffsetDateTime b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return a.compareTo(b);
    }
}
