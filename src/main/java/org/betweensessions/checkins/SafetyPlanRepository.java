package org.betweensessions.checkins;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SafetyPlanRepository extends JpaRepository<SafetyPlan, UUID> {

    Optional<SafetyPlan> findFirstByClientIdOrderByVersionDesc(UUID clientId);
}
