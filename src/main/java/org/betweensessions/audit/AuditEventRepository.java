package org.betweensessions.audit;

import java.util.List;
import org.springframework.data.repository.Repository;

/** Insert and read only: the repository offers no update or delete on purpose. */
public interface AuditEventRepository extends Repository<AuditEvent, Long> {

    AuditEvent save(AuditEvent event);

    boolean existsBySubjectTypeAndSubjectIdAndEventType(String subjectType, String subjectId, String eventType);

    List<AuditEvent> findBySubjectTypeAndSubjectIdOrderByIdAsc(String subjectType, String subjectId);
}
