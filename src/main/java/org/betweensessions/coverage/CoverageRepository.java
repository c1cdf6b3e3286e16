package org.betweensessions.coverage;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.clinician.Clinician;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface CoverageRepository extends JpaRepository<Coverage, UUID> {

    /** The row, locked until the caller's transaction ends (API changes, workers, reconciliation). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from Coverage c where c.id = ?1")
    Optional<Coverage> findForUpdate(UUID id);

    /**
     * The clinician's row, locked until the caller's transaction ends: two plans for the same
     * clinician at the same moment take turns, and the second sees the first's overlap.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from Clinician c where c.id = ?1")
    Optional<Clinician> lockClinician(UUID clinicianId);

    List<Coverage> findByStatusIn(Collection<Coverage.Status> statuses);

    List<Coverage> findByClinicianIdOrderByStartsOnDesc(UUID clinicianId);

    List<Coverage> findByCoveringClinicianIdOrderByStartsOnDesc(UUID coveringClinicianId);

    /** Open coverages of a clinician (or where they cover) overlapping the given days. */
    @Query("select c from Coverage c where (c.clinicianId = ?1 or c.coveringClinicianId = ?1)"
            + " and c.status in (org.betweensessions.coverage.Coverage.Status.PLANNING,"
            + " org.betweensessions.coverage.Coverage.Status.APPROVED,"
            + " org.betweensessions.coverage.Coverage.Status.ACTIVE)"
            + " and c.startsOn <= ?3 and c.endsOn >= ?2")
    List<Coverage> findOpenOverlapping(UUID clinicianId, LocalDate from, LocalDate to);

    /** The clinician's clients in treatment or intake: who needs a summary and a notice. */
    @Query("select c from Client c where c.clinicianId = ?1"
            + " and c.status <> org.betweensessions.client.ClientStatus.TERMINATED order by c.createdAt")
    List<Client> activeClientsOf(UUID clinicianId);

    @Query("select count(m) from Message m where m.clientId = ?1"
            + " and m.direction = org.betweensessions.message.Direction.INBOUND"
            + " and m.receivedAt >= ?2 and m.receivedAt < ?3")
    long inboundBetween(UUID clientId, Instant from, Instant to);

    @Query("select count(m) from Message m where m.clientId = ?1 and m.category = 'CRISIS'"
            + " and m.direction = org.betweensessions.message.Direction.INBOUND"
            + " and m.receivedAt >= ?2 and m.receivedAt < ?3")
    long crisesBetween(UUID clientId, Instant from, Instant to);

    @Query("select count(m) from Message m where m.clientId = ?1 and m.category = 'CRISIS'"
            + " and m.direction = org.betweensessions.message.Direction.INBOUND"
            + " and m.receivedAt >= ?2 and m.receivedAt < ?3 and exists (select a.messageId from"
            + " CrisisAcknowledgement a where a.messageId = m.id)")
    long crisesAcknowledgedBetween(UUID clientId, Instant from, Instant to);

    /** Open now: awaiting an answer, or a crisis nobody acknowledged. */
    @Query("select count(m) from Message m where m.clientId = ?1 and m.direction ="
            + " org.betweensessions.message.Direction.INBOUND and ((m.category = 'CRISIS' and not exists"
            + " (select a.messageId from CrisisAcknowledgement a where a.messageId = m.id)) or"
            + " (m.status = org.betweensessions.message.MessageStatus.AWAITING_RESPONSE"
            + " and (m.category is null or m.category <> 'CRISIS')))")
    long openItemsOf(UUID clientId);

    /** Open answers of the clinician's clients routed to a person (not crises): ids and categories. */
    @Query("select m.id, m.category from Message m where m.clinicianId = ?1"
            + " and m.direction = org.betweensessions.message.Direction.INBOUND"
            + " and m.status = org.betweensessions.message.MessageStatus.AWAITING_RESPONSE"
            + " and m.route = 'CLINICIAN' and (m.category is null or m.category <> 'CRISIS')")
    List<Object[]> openAnswersOf(UUID clinicianId);
}
