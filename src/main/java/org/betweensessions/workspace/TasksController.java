package org.betweensessions.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.consent.ConsentProperties;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.engine.UserTasks.TaskView;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.sla.AnswerOutcome;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Every user task of {@code bpmn/} done in the browser with its own Camunda Form, rendered by
 * bpmn.io's form-js as Tasklist renders it: the task list comes from the engine
 * ({@link UserTasks}), submitting the form completes the task with the form's fields only. A person
 * sees and completes only tasks assigned to them or offered to their group.
 */
@Controller
class TasksController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UserTasks userTasks;
    private final MyWork work;
    private final MessageRepository messages;
    private final ClientRepository clients;
    private final ConsentProperties consent;
    private final WorkspaceProperties workspace;
    private final Clock clock;
    private final AnswerOutcome answers;
    private final PolicyService policies;

    TasksController(
            UserTasks userTasks,
            MyWork work,
            MessageRepository messages,
            ClientRepository clients,
            ConsentProperties consent,
            WorkspaceProperties workspace,
            Clock clock,
            AnswerOutcome answers,
            PolicyService policies) {
        this.answers = answers;
        this.policies = policies;
        this.userTasks = userTasks;
        this.work = work;
        this.messages = messages;
        this.clients = clients;
        this.consent = consent;
        this.workspace = workspace;
        this.clock = clock;
    }

    record TaskRow(long key, String name, String about, String due, String timeLeft) {}

    @GetMapping("/tasks")
    String tasks(Authentication auth, Model model) {
        CurrentUser user = CurrentUser.of(auth);
        ZoneId zone = work.zoneOf(user);
        Instant now = clock.instant();
        List<TaskRow> rows = new ArrayList<>();
        for (TaskView t : userTasks.openTasksFor(user.username(), groupsOf(user))) {
            Instant due = instant(t.dueDate());
            rows.add(new TaskRow(
                    t.userTaskKey(),
                    MyWork.taskName(t),
                    about(t, zone).getOrDefault("about", ""),
                    Times.local(due, zone),
                    Times.left(due, now)));
        }
        model.addAttribute("user", user);
        model.addAttribute("rows", rows);
        model.addAttribute("zone", zone.getId());
        return "tasks";
    }

    @GetMapping("/tasks/{key}")
    String task(@PathVariable long key, Authentication auth, Model model) throws Exception {
        CurrentUser user = CurrentUser.of(auth);
        TaskView task = mayWorkOn(key, user);
        ZoneId zone = work.zoneOf(user);
        Map<String, Object> data = new LinkedHashMap<>(task.variables());
        Map<String, String> about = about(task, zone);
        data.putAll(about);
        Instant due = instant(task.dueDate());
        model.addAttribute("user", user);
        model.addAttribute("key", key);
        model.addAttribute("name", MyWork.taskName(task));
        model.addAttribute("about", about.getOrDefault("about", ""));
        model.addAttribute("link", about.get("workspaceLink"));
        model.addAttribute("endingLink", about.get("endingLink"));
        model.addAttribute("due", Times.local(due, zone));
        model.addAttribute("timeLeft", Times.left(due, clock.instant()));
        // Inside <script type="application/json">: "</" could end the element early, so it is escaped.
        String schema = ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK.equals(task.elementId())
                ? onlyAllowedChoices(
                        task.formSchema(),
                        uuid(task.variables().get("clientId")).flatMap(clients::findById))
                : task.formSchema();
        model.addAttribute("schema", schema.replace("</", "<\\/"));
        model.addAttribute("data", JSON.writeValueAsString(data).replace("</", "<\\/"));
        return "task";
    }

    /** Completes the task with the form's own fields; anything else submitted is ignored. */
    @PostMapping("/tasks/{key}")
    @ResponseBody
    ResponseEntity<Map<String, String>> complete(
            @PathVariable long key, @RequestBody Map<String, Object> submitted, Authentication auth) throws Exception {
        CurrentUser user = CurrentUser.of(auth);
        TaskView task = mayWorkOn(key, user);
        Set<String> keys = formKeys(task.formSchema());
        Map<String, Object> variables = new LinkedHashMap<>();
        submitted.forEach((k, v) -> {
            if (keys.contains(k) && v != null) {
                variables.put(k, v);
            }
        });
        if (ProcessIds.ANSWER_TASKS.contains(task.elementId())) {
            // Refused before the engine hears of it: only a stored reply or an explicit outcome counts.
            Optional<String> problem = uuid(task.variables().get("messageId"))
                    .flatMap(id -> answers.problem(
                            id,
                            Objects.toString(variables.get("answerOutcome"), null),
                            Objects.toString(variables.get("noAnswerReason"), null)));
            if (problem.isPresent()) {
                return ResponseEntity.unprocessableEntity().body(Map.of("problem", problem.get()));
            }
        }
        userTasks.complete(key, variables);
        return ResponseEntity.ok(Map.of("completed", String.valueOf(key)));
    }

    private TaskView mayWorkOn(long key, CurrentUser user) {
        TaskView task =
                userTasks.openTask(key).orElseThrow(() -> new NotFoundException("key", "No open task with this key"));
        boolean mine = user.username().equals(task.assignee())
                || ((task.assignee() == null || task.assignee().isEmpty())
                        && task.candidateGroups().stream().anyMatch(groupsOf(user)::contains));
        if (!mine || task.formSchema() == null) {
            throw new AccessDeniedException("not this user's task");
        }
        return task;
    }

    private Collection<String> groupsOf(CurrentUser user) {
        return work.groupsOf(user);
    }

    /**
     * The policy review offers only what the client's policy allows: its channels, the arrangements
     * it offers (an open inbox only for a low-risk client), SMS reminders only where offered. Tasklist
     * shows the form as deployed; there the worker sends a refused choice back, in words.
     */
    String onlyAllowedChoices(String schema, Optional<Client> client) throws Exception {
        if (client.isEmpty()) {
            return schema;
        }
        PolicyDocument policy = policies.effectiveFor(client.get()).getDocument();
        Set<String> channels = new HashSet<>();
        if (policy.channelsOffered() != null) {
            policy.channelsOffered().forEach(o -> channels.add(o.channel().name()));
        }
        var root = (ObjectNode) JSON.readTree(schema);
        for (var component : root.withArray("components")) {
            String key = component.path("key").asText();
            if (!component.has("values")) {
                continue;
            }
            var values = (ArrayNode) component.get("values");
            for (int i = values.size() - 1; i >= 0; i--) {
                String value = values.get(i).path("value").asText();
                boolean allowed = switch (key) {
                    case "preferredChannel" -> channels.contains(value);
                    case "arrangement" ->
                        switch (value) {
                            case "DBT_SKILLS_COACHING" ->
                                policy.modalityExceptions() != null
                                        && policy.modalityExceptions().dbtSkillsCoachingByPhone();
                            case "OPEN_INBOX" ->
                                policy.modalityExceptions() != null
                                        && policy.modalityExceptions().openInboxForLowRisk()
                                        && client.get().getRiskLevel() == RiskLevel.LOW;
                            default -> true;
                        };
                    case "smsReminders" ->
                        !"AGREED".equals(value)
                                || (policy.smsAppointmentReminders() != null
                                        && policy.smsAppointmentReminders().offered());
                    default -> true;
                };
                if (!allowed) {
                    values.remove(i);
                }
            }
        }
        return JSON.writeValueAsString(root);
    }

    /** The keys of the form's input fields, at any depth (groups). */
    static Set<String> formKeys(String schema) throws Exception {
        Set<String> keys = new HashSet<>();
        JSON.readTree(schema).findValues("key").forEach(k -> keys.add(k.asText()));
        return keys;
    }

    /**
     * What a person recognises instead of ids: the client's name, the channel, when it arrived, and a
     * link to the message in the workspace (bsc.workspace.public-url).
     */
    private Map<String, String> about(TaskView task, ZoneId zone) {
        Map<String, String> about = new LinkedHashMap<>();
        Optional<Message> message = uuid(task.variables().get("messageId")).flatMap(messages::findById);
        Optional<Client> client = message.map(Message::getClientId)
                .or(() -> uuid(task.variables().get("clientId")))
                .flatMap(clients::findById);
        client.ifPresent(c -> {
            about.put("clientName", c.getDisplayName());
            // Signed in here, the person sees the name; Tasklist's variables carry initials only.
            about.put("clientLabel", c.getDisplayName());
        });
        message.ifPresent(m -> {
            about.put("channelLabel", MyWork.words(m.getChannel().name()));
            about.put("arrivedLabel", Times.local(m.getReceivedAt(), zone));
            about.put("workspaceLink", workspace.publicUrl() + "/messages/" + m.getId());
        });
        if (message.isEmpty() && task.variables().get("terminationId") != null) {
            // A termination task: the ending's page holds the closing letter (edit) and the cancellation.
            client.ifPresent(c -> about.put("endingLink", workspace.publicUrl() + "/clients/" + c.getId() + "/ending"));
        }
        // Every time a form shows, in the reader's zone (the variables hold the assignee's).
        putLocal(about, "dueLabel", task.dueDate(), zone);
        putLocal(about, "escalatesLabel", task.variables().get("crisisEscalateAt"), zone);
        putLocal(about, "documentationDueLabel", task.variables().get("crisisDocumentationDueAt"), zone);
        String who = client.map(Client::getDisplayName).orElse(message.isPresent() ? "Unknown sender" : "");
        about.put(
                "about",
                who
                        + message.map(m -> " · " + MyWork.words(m.getChannel().name()) + " · arrived "
                                        + Times.local(m.getReceivedAt(), zone))
                                .orElse(""));
        return about;
    }

    private static void putLocal(Map<String, String> about, String key, Object isoTime, ZoneId zone) {
        Instant at = isoTime == null ? null : Times.parse(isoTime.toString());
        if (at != null) {
            about.put(key, Times.local(at, zone));
        }
    }

    private static Optional<UUID> uuid(Object value) {
        try {
            return value == null ? Optional.empty() : Optional.of(UUID.fromString(value.toString()));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null || text.isBlank()
                    ? null
                    : ZonedDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(HttpServletResponse response, Model model) {
        response.setStatus(403);
        model.addAttribute("status", 403);
        model.addAttribute("title", "Not your task");
        model.addAttribute("detail", "This task is assigned to someone else.");
        return "problem";
    }

    @ExceptionHandler(NotFoundException.class)
    String notFound(HttpServletResponse response, Model model) {
        response.setStatus(404);
        model.addAttribute("status", 404);
        model.addAttribute("title", "Not found");
        model.addAttribute("detail", "This task is done or does not exist.");
        return "problem";
    }
}
