package org.betweensessions.sla;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AvailabilityPromptRepository extends JpaRepository<AvailabilityPrompt, UUID> {

    List<AvailabilityPrompt> findByClinicianIdAndCreatedAtAfterOrderByCreatedAtDesc(UUID clinicianId, Instant after);

    List<AvailabilityPrompt> findByClinicianIdOrderByCreatedAtDesc(UUID clinicianId);
}
