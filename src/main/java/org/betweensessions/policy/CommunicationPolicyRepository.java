package org.betweensessions.policy;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CommunicationPolicyRepository extends JpaRepository<CommunicationPolicy, UUID> {

    Optional<CommunicationPolicy> findFirstByPracticeIdAndClinicianIdIsNullOrderByVersionDesc(UUID practiceId);

    Optional<CommunicationPolicy> findFirstByPracticeIdAndClinicianIdOrderByVersionDesc(
            UUID practiceId, UUID clinicianId);
}
