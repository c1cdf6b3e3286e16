package org.betweensessions.sla;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface ResponseSlaRepository extends JpaRepository<ResponseSla, UUID> {

    /**
     * Answered messages whose breach the supervisor has still to review: the review task is the only
     * open work of their instance (reconciliation).
     */
    @Query("select s.messageId from ResponseSla s where s.breachedAt is not null"
            + " and s.reviewedAt is null and s.answeredAt is not null order by s.breachedAt asc")
    List<UUID> findAnsweredAwaitingBreachReview(Pageable page);

    /** Messages whose open answer a person holds now (a covering clinician's, a transferred client's). */
    @Query("select s.messageId from ResponseSla s where s.assignee = ?1 and s.answeredAt is null")
    List<UUID> findUnansweredAssignedTo(String assignee);

    /**
     * With a row lock: a reply through the application records its answer and completes the task in
     * one transaction, so the task-completion worker waits for that commit and then sees the answer.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from ResponseSla s where s.messageId = ?1")
    Optional<ResponseSla> findForUpdate(UUID messageId);

    @Query("select s from ResponseSla s where s.breachedAt >= ?1 and s.breachedAt < ?2"
            + " and (?3 is null or s.clinicianId = ?3) order by s.breachedAt asc")
    List<ResponseSla> findBreaches(Instant from, Instant to, UUID clinicianId);

    @Query("select s from ResponseSla s where s.answeredAt >= ?1 and s.answeredAt < ?2"
            + " and (?3 is null or s.clinicianId = ?3)")
    List<ResponseSla> findAnswered(Instant from, Instant to, UUID clinicianId);

    @Query("select s from ResponseSla s where s.answeredBy = ?1 and s.answeredAt >= ?2")
    List<ResponseSla> findAnsweredBySince(String username, Instant since);

    @Query("select s from ResponseSla s where s.assignee = ?1 and s.answeredAt is null"
            + " and s.dueAt < ?2 order by s.dueAt asc")
    List<ResponseSla> findOpenDueBefore(String assignee, Instant before);
}
