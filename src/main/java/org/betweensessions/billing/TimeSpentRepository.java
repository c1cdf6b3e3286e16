package org.betweensessions.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TimeSpentRepository extends JpaRepository<TimeSpent, UUID> {

    Optional<TimeSpent> findByMessageIdAndKind(UUID messageId, String kind);

    List<TimeSpent> findByClientIdAndSpentAtGreaterThanEqualAndSpentAtLessThanOrderBySpentAtAsc(
            UUID clientId, Instant from, Instant to);
}
