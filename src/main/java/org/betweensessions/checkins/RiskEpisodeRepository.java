package org.betweensessions.checkins;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface RiskEpisodeRepository extends JpaRepository<RiskEpisode, UUID> {

    Optional<RiskEpisode> findByOpenClientId(UUID clientId);

    /** Open episodes, oldest first (reconciliation compares them with the engine). */
    @Query("select e from RiskEpisode e where e.endedAt is null order by e.raisedAt asc")
    List<RiskEpisode> findOpen(Pageable page);

    /** Episodes after which caring contacts run (reconciliation compares them with the engine). */
    @Query("select e from RiskEpisode e where e.caringContactsUntil is not null"
            + " and e.caringContactsEndedAt is null and e.caringContactsUntil > ?1"
            + " order by e.endedAt asc")
    List<RiskEpisode> findCaringContactsRunning(Instant now, Pageable page);

    /** The client's latest episode with caring contacts not ended (a new raise or termination ends them). */
    @Query("select e from RiskEpisode e where e.clientId = ?1 and e.caringContactsUntil is not null"
            + " and e.caringContactsEndedAt is null")
    List<RiskEpisode> findWithCaringContacts(UUID clientId);

    /** The episode, its row locked until the transaction ends (reconciliation, one at a time). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from RiskEpisode e where e.id = ?1")
    Optional<RiskEpisode> findForUpdate(UUID id);
}
