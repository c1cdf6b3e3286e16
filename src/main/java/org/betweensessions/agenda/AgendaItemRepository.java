package org.betweensessions.agenda;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AgendaItemRepository extends JpaRepository<AgendaItem, UUID> {

    Optional<AgendaItem> findByKindAndMessageId(String kind, UUID messageId);

    List<AgendaItem> findByClientIdOrderByCreatedAtAsc(UUID clientId);

    List<AgendaItem> findByClinicianIdAndKindAndDiscussedAtIsNullOrderByCreatedAtAsc(UUID clinicianId, String kind);
}
