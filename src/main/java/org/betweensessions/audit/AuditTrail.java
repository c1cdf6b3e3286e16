package org.betweensessions.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Documents boundary, crisis and exception events the same day they happen, append-only. */
@Service
public class AuditTrail {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditEventRepository events;
    private final Clock clock;

    public AuditTrail(AuditEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** Joins the caller's transaction, so the event and the change it documents commit together. */
    @Transactional(propagation = Propagation.REQUIRED)
    public AuditEvent record(
            String actor, String eventType, String subjectType, Object subjectId, Map<String, ?> details) {
        return events.save(new AuditEvent(
                clock.instant(), actor, eventType, subjectType, String.valueOf(subjectId), json(details)));
    }

    /**
     * For events documented by job workers, which the engine may run more than once: a second call for
     * the same event type and subject records nothing.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public void recordOnce(
            String actor, String eventType, String subjectType, Object subjectId, Map<String, ?> details) {
        if (!events.existsBySubjectTypeAndSubjectIdAndEventType(subjectType, String.valueOf(subjectId), eventType)) {
            record(actor, eventType, subjectType, subjectId, details);
        }
    }

    @Transactional(readOnly = true)
    public List<AuditEvent> eventsFor(String subjectType, Object subjectId) {
        return events.findBySubjectTypeAndSubjectIdOrderByIdAsc(subjectType, String.valueOf(subjectId));
    }

    private static String json(Map<String, ?> details) {
        try {
            return details == null || details.isEmpty() ? null : JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit details must be plain values", e);
        }
    }
}
