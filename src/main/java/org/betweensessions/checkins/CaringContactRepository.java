package org.betweensessions.checkins;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CaringContactRepository extends JpaRepository<CaringContact, UUID> {

    Optional<CaringContact> findByEpisodeIdAndNumber(UUID episodeId, int number);

    List<CaringContact> findByEpisodeIdOrderByNumberAsc(UUID episodeId);
}
