package org.betweensessions.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.impl.record.value.usertask.UserTaskRecord;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.camunda.zeebe.protocol.record.value.deployment.Form;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one bridge into engine internals. The in-memory engine has no REST API, and completing a
 * Camunda user task ({@code <zeebe:userTask/>}) and assigning one are REST-only commands, so this class
 * writes the same USER_TASK COMPLETE and ASSIGN commands the REST gateway would write onto the engine's
 * log, and reads user tasks from the engine's record stream. Everything else in the application uses
 * CamundaClient.
 */
public class EmbeddedUserTasks implements UserTasks {

    private static final Duration COMPLETION_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Supplier<ZeebeTestEngine> engines;

    /** @param engine looked up when first needed: the engine may still be starting in the background */
    public EmbeddedUserTasks(Supplier<ZeebeTestEngine> engine) {
        this.engines = engine;
    }

    @Override
    public List<OpenUserTask> findOpenTasks(long processInstanceKey, String elementId) {
        Map<Long, UserTaskRecordValue> open = new LinkedHashMap<>();
        for (Record<?> record : engines.get().getRecordStreamSource().getRecords()) {
            if (record.getValueType() != ValueType.USER_TASK || record.getRecordType() != RecordType.EVENT) {
                continue;
            }
            UserTaskRecordValue task = (UserTaskRecordValue) record.getValue();
            if (task.getProcessInstanceKey() != processInstanceKey
                    || !task.getElementId().equals(elementId)) {
                continue;
            }
            // In 8.8 the assignee arrives with ASSIGNED, after CREATED: keep the newest view of the task.
            if (record.getIntent() == UserTaskIntent.CREATED
                    || (record.getIntent() == UserTaskIntent.ASSIGNED && open.containsKey(task.getUserTaskKey()))) {
                open.put(task.getUserTaskKey(), task);
            } else if (record.getIntent() == UserTaskIntent.COMPLETED
                    || record.getIntent() == UserTaskIntent.CANCELED) {
                open.remove(task.getUserTaskKey());
            }
        }
        return open.values().stream()
                .map(t -> new OpenUserTask(t.getUserTaskKey(), t.getElementId(), t.getAssignee(), t.getDueDate()))
                .toList();
    }

    @Override
    public List<TaskView> openTasksFor(String username, Collection<String> groups) {
        return openTasks().stream()
                .filter(t -> username.equals(t.assignee())
                        || ((t.assignee() == null || t.assignee().isEmpty())
                                && t.candidateGroups().stream().anyMatch(groups::contains)))
                .toList();
    }

    @Override
    public Optional<TaskView> openTask(long userTaskKey) {
        return openTasks().stream().filter(t -> t.userTaskKey() == userTaskKey).findFirst();
    }

    /** Every open user task, oldest first, with its form and its instance's variables. */
    private List<TaskView> openTasks() {
        Map<Long, UserTaskRecordValue> open = new LinkedHashMap<>();
        Map<Long, String> created = new HashMap<>();
        Map<Long, Form> forms = new HashMap<>();
        Map<Long, Map<String, Object>> variables = new HashMap<>();
        for (Record<?> record : engines.get().getRecordStreamSource().getRecords()) {
            if (record.getRecordType() != RecordType.EVENT) {
                continue;
            }
            if (record.getValueType() == ValueType.FORM && record.getValue() instanceof Form f) {
                forms.put(f.getFormKey(), f);
            } else if (record.getValueType() == ValueType.VARIABLE) {
                var v = (VariableRecordValue) record.getValue();
                if (v.getScopeKey() == v.getProcessInstanceKey()) {
                    variables
                            .computeIfAbsent(v.getProcessInstanceKey(), k -> new HashMap<>())
                            .put(v.getName(), parse(v.getValue()));
                }
            } else if (record.getValueType() == ValueType.USER_TASK) {
                UserTaskRecordValue task = (UserTaskRecordValue) record.getValue();
                if (record.getIntent() == UserTaskIntent.CREATED) {
                    open.put(task.getUserTaskKey(), task);
                    created.put(
                            task.getUserTaskKey(),
                            Instant.ofEpochMilli(record.getTimestamp()).toString());
                } else if (record.getIntent() == UserTaskIntent.ASSIGNED && open.containsKey(task.getUserTaskKey())) {
                    open.put(task.getUserTaskKey(), task);
                } else if (record.getIntent() == UserTaskIntent.COMPLETED
                        || record.getIntent() == UserTaskIntent.CANCELED) {
                    open.remove(task.getUserTaskKey());
                }
            }
        }
        List<TaskView> views = new ArrayList<>();
        for (UserTaskRecordValue t : open.values()) {
            var form = forms.get(t.getFormKey());
            views.add(new TaskView(
                    t.getUserTaskKey(),
                    t.getElementId(),
                    null,
                    t.getBpmnProcessId(),
                    t.getProcessInstanceKey(),
                    t.getAssignee(),
                    t.getCandidateGroupsList(),
                    t.getDueDate(),
                    created.get(t.getUserTaskKey()),
                    form == null ? null : form.getFormId(),
                    form == null ? null : new String(form.getResource(), StandardCharsets.UTF_8),
                    Map.copyOf(variables.getOrDefault(t.getProcessInstanceKey(), Map.of()).entrySet().stream()
                            .filter(e -> e.getValue() != null)
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))));
        }
        return views;
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public void complete(long userTaskKey, Map<String, Object> variables) {
        UserTaskRecord command = new UserTaskRecord()
                .setUserTaskKey(userTaskKey)
                .setAction("complete")
                .setVariables(new UnsafeBuffer(MsgPackConverter.convertToMsgPack(toJson(variables))));
        RecordMetadata metadata = new RecordMetadata()
                .recordType(RecordType.COMMAND)
                .valueType(ValueType.USER_TASK)
                .intent(UserTaskIntent.COMPLETE);
        writeCommand(userTaskKey, command, metadata);
        awaitOutcome(userTaskKey, UserTaskIntent.COMPLETE, UserTaskIntent.COMPLETED, "completing");
    }

    @Override
    public void assign(long userTaskKey, String assignee) {
        UserTaskRecord command = new UserTaskRecord()
                .setUserTaskKey(userTaskKey)
                .setAssignee(assignee)
                .setAction("assign");
        RecordMetadata metadata = new RecordMetadata()
                .recordType(RecordType.COMMAND)
                .valueType(ValueType.USER_TASK)
                .intent(UserTaskIntent.ASSIGN);
        long before = lastPosition(userTaskKey);
        writeCommand(userTaskKey, command, metadata);
        awaitOutcome(userTaskKey, UserTaskIntent.ASSIGN, UserTaskIntent.ASSIGNED, "assigning", before);
    }

    /** Position of the task's newest record, so an earlier ASSIGNED is not taken for this one's outcome. */
    private long lastPosition(long userTaskKey) {
        long last = -1;
        for (Record<?> record : engines.get().getRecordStreamSource().getRecords()) {
            if (record.getValueType() == ValueType.USER_TASK && record.getKey() == userTaskKey) {
                last = Math.max(last, record.getPosition());
            }
        }
        return last;
    }

    private void awaitOutcome(long userTaskKey, UserTaskIntent command, UserTaskIntent event, String doing) {
        awaitOutcome(userTaskKey, command, event, doing, -1);
    }

    private void awaitOutcome(
            long userTaskKey, UserTaskIntent command, UserTaskIntent event, String doing, long after) {
        long deadline = System.nanoTime() + COMPLETION_TIMEOUT.toNanos();
        Set<Long> seen = new HashSet<>();
        while (System.nanoTime() < deadline) {
            for (Record<?> record : engines.get().getRecordStreamSource().getRecords()) {
                if (record.getValueType() != ValueType.USER_TASK
                        || record.getKey() != userTaskKey
                        || record.getPosition() <= after
                        || !seen.add(record.getPosition())) {
                    continue;
                }
                if (record.getRecordType() == RecordType.COMMAND_REJECTION && record.getIntent() == command) {
                    throw new IllegalStateException("Engine rejected " + doing + " user task " + userTaskKey + ": "
                            + record.getRejectionType() + " " + record.getRejectionReason());
                }
                if (record.getRecordType() == RecordType.EVENT && record.getIntent() == event) {
                    return;
                }
            }
            seen.clear();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while " + doing + " user task " + userTaskKey, e);
            }
        }
        throw new IllegalStateException(
                "User task " + userTaskKey + ": " + doing + " not done within " + COMPLETION_TIMEOUT);
    }

    private void writeCommand(long key, UnifiedRecordValue value, RecordMetadata metadata) {
        try {
            ZeebeTestEngine engine = engines.get();
            Field gatewayField = engine.getClass().getDeclaredField("gateway");
            gatewayField.setAccessible(true);
            Object gateway = gatewayField.get(engine);
            Field writerField = gateway.getClass().getDeclaredField("writer");
            writerField.setAccessible(true);
            Object writer = writerField.get(gateway);
            Method write = writer.getClass()
                    .getDeclaredMethod(
                            "writeCommandWithKey", Long.class, UnifiedRecordValue.class, RecordMetadata.class);
            write.setAccessible(true);
            write.invoke(writer, key, value, metadata);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "This version of the in-memory engine does not expose its command writer as expected", e);
        }
    }

    private static String toJson(Map<String, Object> variables) {
        try {
            return JSON.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Variables are not serialisable", e);
        }
    }
}
