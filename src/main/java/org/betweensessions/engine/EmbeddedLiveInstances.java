package org.betweensessions.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Live instances of the embedded engine, read from its record stream: a process instance is active
 * from its PROCESS element's ELEMENT_ACTIVATED until ELEMENT_COMPLETED or ELEMENT_TERMINATED. The
 * stream lives in memory and starts empty with the application.
 */
public class EmbeddedLiveInstances implements LiveInstances {

    private final Supplier<ZeebeTestEngine> engine;

    public EmbeddedLiveInstances(Supplier<ZeebeTestEngine> engine) {
        this.engine = engine;
    }

    @Override
    public Set<Long> activeAmong(Collection<Long> processInstanceKeys) {
        Set<Long> wanted = new HashSet<>(processInstanceKeys);
        Set<Long> active = new HashSet<>();
        for (Record<?> record : engine.get().getRecordStreamSource().getRecords()) {
            if (record.getValueType() != ValueType.PROCESS_INSTANCE
                    || record.getRecordType() != RecordType.EVENT
                    || !wanted.contains(record.getKey())) {
                continue;
            }
            ProcessInstanceRecordValue value = (ProcessInstanceRecordValue) record.getValue();
            if (value.getBpmnElementType() != BpmnElementType.PROCESS) {
                continue;
            }
            if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
                active.add(record.getKey());
            } else if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                    || record.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED) {
                active.remove(record.getKey());
            }
        }
        return active;
    }

    @Override
    public boolean startedEmpty() {
        return true;
    }
}
