package org.betweensessions.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.betweensessions.engine.UserTasks.TaskView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster implementation of {@link UserTasks} against a local HTTP server, NOT against a cluster
 * (no cluster and no Docker run here). The server answers the five orchestration cluster REST
 * endpoints the workspace uses with bodies shaped as Camunda's published 8.8 OpenAPI document
 * ({@code camunda-openapi.yaml}, version 8.8) describes them: {@code UserTaskSearchQueryResult},
 * {@code UserTaskResult}, {@code FormResult}, {@code VariableSearchQueryResult} and a 204 on
 * completion, with the keys taken from the document's examples (ProcessInstanceKey 2251799813690746,
 * ProcessDefinitionKey 2251799813686749, ElementInstanceKey 2251799813686789, FormKey
 * 2251799813684365, VariableKey 2251799813683287, ScopeKey 2251799813683890; UserTaskKey has no example
 * there). What this checks: the real CamundaClient 8.8.14 sends the requests the workspace needs (paths,
 * filters, sort, paging by cursor, full variable values, completion variables) and the implementation reads
 * those response shapes into what the workspace shows. What it cannot check: that a real cluster
 * answers this way, its authorizations, or its lag between engine and search.
 */
class ClusterUserTasksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE = "2251799813690746";
    private static final String DEFINITION = "2251799813686749";
    private static final String ELEMENT_INSTANCE = "2251799813686789";
    private static final String FORM_KEY = "2251799813684365";
    private static final String TASK = "2251799813685249";
    private static final String GROUP_TASK = "2251799813685250";
    private static final String MESSAGE_ID = "6f1c7a52-3f0e-4e0b-9d43-8b1f6f3a2c10";

    private HttpServer server;
    private CamundaClient client;
    private ClusterUserTasks tasks;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> bodies = new ConcurrentHashMap<>();
    private final List<JsonNode> searches = new CopyOnWriteArrayList<>();
    private volatile String formSchema;
    private volatile String taskState = "CREATED";

    @BeforeEach
    void start() throws IOException {
        formSchema = Files.readString(Path.of("forms/respond-to-client-message.form"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", this::answer);
        server.start();
        URI address = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        client = CamundaClient.newClientBuilder()
                .restAddress(address)
                .grpcAddress(address)
                .preferRestOverGrpc(true)
                .build();
        tasks = new ClusterUserTasks(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        paths.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode request = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        bodies.put(exchange.getRequestMethod() + " " + path, request);
        int status = 200;
        String contentType = "application/json";
        String body;
        if (path.equals("/v2/user-tasks/search")) {
            searches.add(request);
            body = searchResult(request);
        } else if (path.equals("/v2/user-tasks/" + TASK)) {
            body = userTask(TASK, "RespondToMessageTask", "alex", List.of(), taskState, "2026-12-04T09:00:00.000Z")
                    .toString();
        } else if (path.equals("/v2/user-tasks/999")) {
            status = 404;
            contentType = "application/problem+json";
            body = "{\"type\":\"about:blank\",\"title\":\"NOT_FOUND\",\"status\":404,"
                    + "\"detail\":\"User task with key '999' not found\",\"instance\":\"/v2/user-tasks/999\"}";
        } else if (path.endsWith("/form")) {
            ObjectNode form = JSON.createObjectNode();
            form.put("formId", "respond-to-client-message");
            form.put("version", 1);
            form.put("formKey", FORM_KEY);
            form.put("tenantId", "<default>");
            form.put("schema", formSchema); // FormResult.schema: the form's JSON as a string
            body = form.toString();
        } else if (path.endsWith("/variables/search")) {
            body = variables();
        } else if (path.endsWith("/completion") || path.endsWith("/assignment")) {
            status = 204;
            body = "";
        } else {
            status = 404;
            contentType = "application/problem+json";
            body = "{\"type\":\"about:blank\",\"title\":\"NOT_FOUND\",\"status\":404}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /** UserTaskSearchQueryResult: alex's own task, and a coordinators' task (one unclaimed, one taken). */
    private String searchResult(JsonNode request) {
        JsonNode filter = request.path("filter");
        ArrayNode items = JSON.createArrayNode();
        if (eq(filter.path("assignee")).equals("alex")) {
            items.add(userTask(TASK, "RespondToMessageTask", "alex", List.of(), "CREATED", "2026-12-04T09:00:00.000Z"));
        } else if (eq(filter.path("candidateGroup")).equals("intake-coordinators")) {
            items.add(userTask(
                    GROUP_TASK,
                    "FollowUpMissingConsentTask",
                    null,
                    List.of("intake-coordinators"),
                    "CREATED",
                    "2026-12-04T08:00:00.000Z"));
            items.add(userTask(
                    "2251799813685251",
                    "FollowUpMissingConsentTask",
                    "dana",
                    List.of("intake-coordinators"),
                    "CREATED",
                    "2026-12-04T07:00:00.000Z"));
        }
        String endCursor = "WzIyNTE3OTk4MTM2ODcxMDJd";
        if (eq(filter.path("candidateGroup")).equals("busy-group")) {
            // 101 open tasks: a full first page, then one more after its end cursor.
            boolean second = request.path("page").has("after");
            for (int i = 0; i < (second ? 1 : ClusterUserTasks.PAGE); i++) {
                items.add(userTask(
                        String.valueOf(3_000_000L + (second ? ClusterUserTasks.PAGE : 0) + i),
                        "FollowUpMissingConsentTask",
                        null,
                        List.of("busy-group"),
                        "CREATED",
                        "2026-12-04T08:00:00.000Z"));
            }
            endCursor = second ? "WzIyNTE3OTk4MTM2ODcxMDNd" : "WzIyNTE3OTk4MTM2ODcxMDJd";
        }
        ObjectNode result = JSON.createObjectNode();
        result.set("items", items);
        ObjectNode page = result.putObject("page");
        page.put("totalItems", items.size());
        page.put("hasMoreTotalItems", false);
        page.put("startCursor", "WzIyNTE3OTk4MTM2ODcxMDJd");
        page.put("endCursor", endCursor);
        return result.toString();
    }

    /**
     * A filter property as the 8.8 document allows it (StringFilterProperty, UserTaskStateFilterProperty):
     * the exact value, or an advanced filter whose {@code $eq} holds it. The Java client sends the latter.
     */
    private static String eq(JsonNode property) {
        return property.isObject() ? property.path("$eq").asText() : property.asText();
    }

    /** UserTaskResult as in the 8.8 document: keys are strings, dates ISO 8601 date-times. */
    private static ObjectNode userTask(
            String key, String elementId, String assignee, List<String> groups, String state, String created) {
        ObjectNode task = JSON.createObjectNode();
        task.put("name", elementId.equals("RespondToMessageTask") ? "Respond to client message" : "Follow up");
        task.put("state", state);
        if (assignee != null) {
            task.put("assignee", assignee);
        }
        task.put("elementId", elementId);
        groups.forEach(task.putArray("candidateGroups")::add);
        task.putArray("candidateUsers");
        task.put("processDefinitionId", "message-triage");
        task.put("creationDate", created);
        task.put("dueDate", "2026-12-04T22:00:00.000Z");
        task.put("tenantId", "<default>");
        task.put("processDefinitionVersion", 3);
        task.putObject("customHeaders");
        task.put("priority", 50);
        task.put("userTaskKey", key);
        task.put("elementInstanceKey", ELEMENT_INSTANCE);
        task.put("processName", "Message triage");
        task.put("processDefinitionKey", DEFINITION);
        task.put("processInstanceKey", INSTANCE);
        task.put("formKey", FORM_KEY);
        return task;
    }

    /** VariableSearchQueryResult: values are JSON text; one instance variable shadowed by the task's own. */
    private static String variables() {
        ArrayNode items = JSON.createArrayNode();
        items.add(variable("messageId", "\"" + MESSAGE_ID + "\"", INSTANCE));
        items.add(variable("clientLabel", "\"J. L.\"", INSTANCE));
        items.add(variable("responseDueAt", "\"2026-12-04T22:00:00Z\"", INSTANCE));
        items.add(variable("reopenCount", "2", INSTANCE));
        items.add(variable("answerProblem", "\"an old reason\"", INSTANCE));
        items.add(variable("answerProblem", "null", "2251799813683890"));
        items.add(variable("channelLabel", "\"Secure portal\"", "2251799813683890"));
        ObjectNode result = JSON.createObjectNode();
        result.set("items", items);
        result.putObject("page").put("totalItems", items.size());
        return result.toString();
    }

    private static ObjectNode variable(String name, String value, String scope) {
        ObjectNode v = JSON.createObjectNode();
        v.put("name", name);
        v.put("value", value);
        v.put("isTruncated", false);
        v.put("tenantId", "<default>");
        v.put("variableKey", "2251799813683287");
        v.put("scopeKey", scope);
        v.put("processInstanceKey", INSTANCE);
        return v;
    }

    @Test
    void listsTheSignedInPersonsOpenTasksWithFormAndVariables() throws Exception {
        List<TaskView> open = tasks.openTasksFor("alex", List.of());

        assertThat(open).hasSize(1);
        TaskView task = open.getFirst();
        assertThat(task.userTaskKey()).isEqualTo(Long.parseLong(TASK));
        assertThat(task.elementId()).isEqualTo("RespondToMessageTask");
        assertThat(task.name()).isEqualTo("Respond to client message");
        assertThat(task.processInstanceKey()).isEqualTo(Long.parseLong(INSTANCE));
        assertThat(task.assignee()).isEqualTo("alex");
        assertThat(task.dueDate()).isEqualTo("2026-12-04T22:00Z");
        assertThat(task.formId()).isEqualTo("respond-to-client-message");
        assertThat(JSON.readTree(task.formSchema())).isEqualTo(JSON.readTree(formSchema));
        assertThat(task.variables())
                .containsEntry("messageId", MESSAGE_ID)
                .containsEntry("reopenCount", 2)
                .containsEntry("channelLabel", "Secure portal")
                .containsEntry("answerProblem", "an old reason") // a null is no value
                .containsEntry("clientLabel", "J. L.");

        JsonNode search = searches.getFirst();
        assertThat(eq(search.path("filter").path("assignee"))).isEqualTo("alex");
        assertThat(eq(search.path("filter").path("state"))).isEqualTo("CREATED");
        assertThat(search.path("sort").get(0).path("field").asText()).isEqualTo("creationDate");
        assertThat(search.path("page").path("limit").asInt()).isEqualTo(ClusterUserTasks.PAGE);
        assertThat(paths)
                .contains("POST /v2/user-tasks/search")
                .contains("GET /v2/user-tasks/" + TASK + "/form")
                .contains("POST /v2/user-tasks/" + TASK + "/variables/search?truncateValues=false");
    }

    @Test
    void aGroupsTaskIsOfferedOnlyWhileNobodyHasTakenIt() {
        List<TaskView> open = tasks.openTasksFor("casey", List.of("intake-coordinators"));

        assertThat(open).extracting(TaskView::userTaskKey).containsExactly(Long.parseLong(GROUP_TASK));
        assertThat(open.getFirst().candidateGroups()).containsExactly("intake-coordinators");
        assertThat(searches)
                .extracting(s -> eq(s.path("filter").path("candidateGroup")))
                .contains("intake-coordinators");
    }

    @Test
    void readsPageAfterPageWithTheEndCursor() {
        List<TaskView> open = tasks.openTasksFor("casey", List.of("busy-group"));

        assertThat(open).hasSize(ClusterUserTasks.PAGE + 1);
        List<JsonNode> groupSearches = searches.stream()
                .filter(r -> eq(r.path("filter").path("candidateGroup")).equals("busy-group"))
                .toList();
        assertThat(groupSearches).hasSize(2);
        assertThat(groupSearches.getFirst().path("page").has("after")).isFalse();
        assertThat(groupSearches.getLast().path("page").path("after").asText()).isEqualTo("WzIyNTE3OTk4MTM2ODcxMDJd");
    }

    @Test
    void aFormIsFetchedOncePerFormKey() {
        tasks.openTasksFor("alex", List.of());
        tasks.openTasksFor("alex", List.of());
        tasks.openTask(Long.parseLong(TASK));

        assertThat(paths.stream().filter(p -> p.endsWith("/form"))).hasSize(1);
    }

    @Test
    void readsOneOpenTaskAndNothingOnceItIsDoneOrUnknown() {
        assertThat(tasks.openTask(Long.parseLong(TASK)))
                .hasValueSatisfying(t -> assertThat(t.formSchema()).contains("answerOutcome"));
        assertThat(paths).contains("GET /v2/user-tasks/" + TASK);

        taskState = "COMPLETED";
        assertThat(tasks.openTask(Long.parseLong(TASK))).isEmpty();
        assertThat(tasks.openTask(999)).isEmpty();
    }

    @Test
    void completesTheTaskWithTheFormsVariables() {
        tasks.complete(Long.parseLong(TASK), Map.of("answerOutcome", "ANSWERED_BY_PHONE", "minutesSpent", 12));

        assertThat(paths).contains("POST /v2/user-tasks/" + TASK + "/completion");
        JsonNode completion = bodies.get("POST /v2/user-tasks/" + TASK + "/completion");
        assertThat(completion.path("variables").path("answerOutcome").asText()).isEqualTo("ANSWERED_BY_PHONE");
        assertThat(completion.path("variables").path("minutesSpent").asInt()).isEqualTo(12);
    }

    @Test
    void givesATaskToAnotherPersonReplacingItsAssignee() {
        tasks.assign(Long.parseLong(TASK), "blair");

        assertThat(paths).contains("POST /v2/user-tasks/" + TASK + "/assignment");
        JsonNode assignment = bodies.get("POST /v2/user-tasks/" + TASK + "/assignment");
        assertThat(assignment.path("assignee").asText()).isEqualTo("blair");
        assertThat(assignment.path("allowOverride").asBoolean()).isTrue();
    }

    @Test
    void findsTheOpenTaskOfAnInstance() {
        // The same search by instance and element that MessageService uses to complete an answer task.
        tasks.findOpenTask(Long.parseLong(INSTANCE), "RespondToMessageTask");

        JsonNode filter = searches.getLast().path("filter");
        assertThat(filter.path("processInstanceKey").asText()).isEqualTo(INSTANCE);
        assertThat(filter.path("elementId").asText()).isEqualTo("RespondToMessageTask");
        assertThat(eq(filter.path("state"))).isEqualTo("CREATED");
    }
}
