package org.betweensessions.crisis;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface CrisisAcknowledgementRepository extends JpaRepository<CrisisAcknowledgement, UUID> {

    /** Acknowledged crises whose contact is not documented yet (open work for reconciliation). */
    @Query("select a.messageId from CrisisAcknowledgement a where a.documentedAt is null"
            + " order by a.acknowledgedAt")
    List<UUID> findUndocumented(Pageable page);
}
