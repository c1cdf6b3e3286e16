package org.betweensessions.checkins;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RiskEpisodeRepository extends JpaRepository<RiskEpisode, UUID> {

  Optional<RiskEpisode> findByOpenClientId(UUID clientId);
}
