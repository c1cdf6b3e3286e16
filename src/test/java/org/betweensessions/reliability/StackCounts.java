package org.betweensessions.reliability;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Row counts of every table a request could write to, and process instances the engine started. */
final class StackCounts {

    static final List<String> TABLES = List.of(
            "message",
            "audit_event",
            "outbox",
            "client",
            "client_consent",
            "consent_request",
            "consent_review",
            "communication_policy",
            "staff_alert",
            "session_agenda_item",
            "crisis_acknowledgement",
            "client_contact",
            "webhook_signature");

    private StackCounts() {}

    static Map<String, Long> of(JdbcTemplate jdbc, ZeebeTestEngine engine) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        counts.put("engine:process-instances", processInstancesStarted(engine));
        return counts;
    }

    static long processInstancesStarted(ZeebeTestEngine engine) {
        long n = 0;
        for (var r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.PROCESS_INSTANCE
                    && r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED
                    && ((ProcessInstanceRecordValue) r.getValue()).getBpmnElementType() == BpmnElementType.PROCESS) {
                n++;
            }
        }
        return n;
    }
}
