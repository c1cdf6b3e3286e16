package org.betweensessions.termination;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

public interface TerminationRepository extends JpaRepository<Termination, UUID> {

    Optional<Termination> findByOpenClientId(UUID clientId);

    Optional<Termination> findFirstByClientIdOrderByStartedAtDesc(UUID clientId);

    List<Termination> findByClientIdOrderByStartedAtAsc(UUID clientId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Termination t where t.id = ?1")
    Optional<Termination> findForUpdate(UUID id);

    /**
     * The engine took the start message. One targeted update, in a transaction of its own: it runs
     * after the starting transaction committed, while a worker may already update the same row.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @Modifying
    @Query("update Termination t set t.publishedAt = ?2 where t.id = ?1 and t.publishedAt is null")
    int markPublished(UUID id, Instant at);

    /** The cancellation message reached the engine (a transaction of its own, as markPublished). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @Modifying
    @Query("update Termination t set t.cancelPublishedAt = ?2 where t.id = ?1 and t.cancelPublishedAt is null")
    int markCancelPublished(UUID id, Instant at);

    /** Cancelled endings whose instance has not heard of the cancellation yet. */
    @Query("select t from Termination t where t.cancelReason is not null and t.cancelPublishedAt is null"
            + " order by t.stoppedAt asc")
    List<Termination> findCancelUnpublished(Pageable page);

    /** Open terminations handed to the engine (reconciliation compares them with it). */
    @Query("select t from Termination t where t.status = org.betweensessions.termination"
            + ".Termination.Status.OPEN and t.publishedAt is not null order by t.startedAt asc")
    List<Termination> findOpenInEngine(Pageable page);

    /** Open terminations whose start message the engine has not acknowledged yet. */
    @Query("select t from Termination t where t.status = org.betweensessions.termination"
            + ".Termination.Status.OPEN and t.publishedAt is null order by t.startedAt asc")
    List<Termination> findUnpublished(Pageable page);
}
