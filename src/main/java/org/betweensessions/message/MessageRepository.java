package org.betweensessions.message;

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

public interface MessageRepository extends JpaRepository<Message, UUID> {

    Optional<Message> findByChannelAndExternalId(Channel channel, String externalId);

    List<Message> findByInReplyToIdOrderByCreatedAtAsc(UUID inReplyToId);

    /**
     * The message row, locked until the caller's transaction ends: the reply, the crisis
     * acknowledgement and the reconciliation (which may start a new instance for it) take turns.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from Message m where m.id = ?1")
    Optional<Message> findForUpdate(UUID id);

    /**
     * Inbound messages the engine should be working on: handed to it, and neither answered nor closed
     * (triage under way, an answer or a crisis acknowledgement awaited). Ids only.
     */
    @Query("select new org.betweensessions.message.OpenInEngine(m.id,"
            + " m.processInstanceKey, m.publishedAt) from Message m where m.direction = 'INBOUND'"
            + " and m.publishedAt is not null"
            + " and m.status in (org.betweensessions.message.MessageStatus.TRIAGING,"
            + " org.betweensessions.message.MessageStatus.AWAITING_RESPONSE) order by m.createdAt asc")
    List<OpenInEngine> findOpenInEngine(Pageable page);

    /**
     * A client's messages waiting for their clinician's answer, oldest first: not crises (those have
     * their own alerts) and not those routed to the coordinator. A transfer moves these.
     */
    @Query("select m from Message m where m.clientId = ?1"
            + " and m.direction = org.betweensessions.message.Direction.INBOUND"
            + " and m.status = org.betweensessions.message.MessageStatus.AWAITING_RESPONSE"
            + " and m.route = 'CLINICIAN' and (m.category is null or m.category <> 'CRISIS')"
            + " order by m.createdAt asc")
    List<Message> findAnswersAwaitedFromClinician(UUID clientId);

    /** The instance now driving the message (a rebuilt one after a restart). */
    @Modifying
    @Query("update Message m set m.processInstanceKey = ?2 where m.id = ?1")
    int recordProcessInstance(UUID id, long processInstanceKey);

    /** Ids only: loading the entities would decrypt every body just to read its id. */
    @Query("select m.id from Message m where m.direction = 'INBOUND' and m.publishedAt is null"
            + " and m.createdAt < ?1 order by m.createdAt asc")
    List<UUID> findUnpublished(Instant createdBefore, Pageable page);

    /**
     * One targeted update instead of writing a loaded entity: a job worker may be updating the same
     * row (screened, routed) at this very moment, and neither may overwrite the other's columns.
     */
    @Modifying
    @Query("update Message m set m.publishedAt = ?2, m.status = case when m.status ="
            + " org.betweensessions.message.MessageStatus.RECEIVED then"
            + " org.betweensessions.message.MessageStatus.TRIAGING else m.status end"
            + " where m.id = ?1 and m.publishedAt is null")
    int markHandedToEngine(UUID id, Instant at);

    @Query("select count(m) from Message m where m.clientId = ?1 and m.direction = ?2"
            + " and m.receivedAt >= ?3 and m.receivedAt <= ?4 and m.framedAsUrgent = true"
            + " and (m.category is null or m.category <> 'CRISIS')")
    long countUrgentFramed(UUID clientId, Direction direction, Instant from, Instant to);

    @Query("select count(m) from Message m where m.clientId = ?1 and m.direction = ?2"
            + " and m.receivedAt >= ?3 and m.receivedAt <= ?4")
    long countInbound(UUID clientId, Direction direction, Instant from, Instant to);

    @Query("select m from Message m where m.direction = 'INBOUND' and (?1 is null or m.clientId = ?1)"
            + " and (?2 is null or m.status = ?2) order by m.receivedAt desc limit 200")
    List<Message> search(UUID clientId, MessageStatus status);

    /** Open means: a crisis nobody acknowledged yet, or a message awaiting a person's answer. */
    String OPEN = " m.direction = org.betweensessions.message.Direction.INBOUND and ((m.category = 'CRISIS'"
            + " and not exists (select a.messageId from CrisisAcknowledgement a where a.messageId = m.id))"
            + " or (m.status = org.betweensessions.message.MessageStatus.AWAITING_RESPONSE"
            + " and (m.category is null or m.category <> 'CRISIS')))";

    /** A clinician's open work: their clients' open messages (at most 500, oldest first). */
    @Query("select m from Message m where m.clinicianId = ?1 and" + OPEN + " order by m.receivedAt asc limit 500")
    List<Message> findOpenOfClinician(UUID clinicianId);

    /** Unacknowledged crises someone was alerted to (covering clinician, supervisor). */
    @Query("select m from Message m where m.id in (select s.messageId from StaffAlert s where"
            + " s.recipient = ?1) and m.category = 'CRISIS' and m.direction ="
            + " org.betweensessions.message.Direction.INBOUND and not exists (select a.messageId from"
            + " CrisisAcknowledgement a where a.messageId = m.id) order by m.receivedAt asc limit 500")
    List<Message> findUnacknowledgedCrisesAlertedTo(String username);

    /** A client's messages awaiting a person's answer, other than crises (ids only). */
    @Query("select m.id from Message m where m.clientId = ?1 and m.direction ="
            + " org.betweensessions.message.Direction.INBOUND and m.status ="
            + " org.betweensessions.message.MessageStatus.AWAITING_RESPONSE"
            + " and (m.category is null or m.category <> 'CRISIS')")
    List<UUID> findAwaitingAnswerOfClient(UUID clientId);

    /** Messages routed to the intake coordinator and not yet answered. */
    @Query("select m from Message m where m.route = 'COORDINATOR' and m.direction ="
            + " org.betweensessions.message.Direction.INBOUND and m.status ="
            + " org.betweensessions.message.MessageStatus.AWAITING_RESPONSE order by m.dueAt asc limit 500")
    List<Message> findAwaitingCoordinator();
}
