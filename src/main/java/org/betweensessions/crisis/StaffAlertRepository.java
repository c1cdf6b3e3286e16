package org.betweensessions.crisis;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface StaffAlertRepository extends JpaRepository<StaffAlert, UUID> {

    Optional<StaffAlert> findByMessageIdAndLevel(UUID messageId, String level);

    List<StaffAlert> findByMessageIdOrderByCreatedAtAsc(UUID messageId);

    boolean existsByMessageIdAndRecipient(UUID messageId, String recipient);
}
