package org.betweensessions.checkins;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface OutreachCallRepository extends JpaRepository<OutreachCall, UUID> {

    Optional<OutreachCall> findByCheckinIdAndAttempt(UUID checkinId, int attempt);

    List<OutreachCall> findByCheckinIdOrderByAttemptAsc(UUID checkinId);

    /** Calls waiting for {@code assignee} (the workspace's "My work"). */
    List<OutreachCall> findByAssigneeAndOutcomeIsNull(String assignee);
}
