package org.betweensessions.outbox;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface OutboundNotificationRepository extends JpaRepository<OutboundNotification, UUID> {

    Optional<OutboundNotification> findByIdempotencyKey(String idempotencyKey);

    List<OutboundNotification> findTop50ByStatusOrderByCreatedAtAsc(OutboundNotification.Status status);

    List<OutboundNotification> findByClientIdOrderByCreatedAtAsc(UUID clientId);
}
