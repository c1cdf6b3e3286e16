package org.betweensessions.reconcile;

import java.util.LinkedHashMap;
import java.util.Map;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.checkins.ClientTransferred;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.sla.ResponseSlas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A client moved to another clinician of the practice: the messages still waiting for the clinician's
 * answer go with them (crises keep their own alerts and escalation; the coordinator's stay theirs).
 * Each gets the new clinician as its answerer (or whoever answers for them during a leave), due times
 * recomputed on their calendar, and its triage instance restarted from the database so the open
 * answer task names them (as coverage does at the start of a leave). After the transfer has
 * committed, one transaction per message; a message that cannot move now (engine away) stays with the
 * previous clinician and is logged: the transfer itself stands.
 */
@Component
class AnswersFollowTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(AnswersFollowTransfers.class);

    private final MessageRepository messages;
    private final CareTeam careTeam;
    private final ResponseSlas slas;
    private final Reconciliation reconciliation;
    private final AuditTrail audit;
    private final TransactionTemplate eachMessage;

    AnswersFollowTransfers(
            MessageRepository messages,
            CareTeam careTeam,
            ResponseSlas slas,
            Reconciliation reconciliation,
            AuditTrail audit,
            PlatformTransactionManager transactions) {
        this.messages = messages;
        this.careTeam = careTeam;
        this.slas = slas;
        this.reconciliation = reconciliation;
        this.audit = audit;
        // After commit the transfer's transaction is still bound to the thread: a new one, or the
        // writes below would join a transaction that has already committed and be lost.
        this.eachMessage = new TransactionTemplate(transactions);
        this.eachMessage.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void clientTransferred(ClientTransferred event) {
        CareTeam.Team team = careTeam.forClinician(event.toClinicianId(), event.practiceId());
        int moved = 0;
        for (Message message : messages.findAnswersAwaitedFromClinician(event.clientId())) {
            String assignee = team.answererOf(message.getCategory());
            try {
                if (Boolean.TRUE.equals(eachMessage.execute(s -> slas.reassign(message.getId(), assignee, event.by())
                        && reconciliation.restartMessage(message.getId(), "transfer " + event.transferId())))) {
                    moved++;
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "Message {} of transferred client {} stays with the previous clinician for now: {}",
                        message.getId(),
                        event.clientId(),
                        e.toString());
            }
        }
        if (moved > 0) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("transferId", event.transferId().toString());
            details.put("count", moved);
            eachMessage.executeWithoutResult(
                    s -> audit.record(event.by(), "OPEN_ANSWERS_TRANSFERRED", "CLIENT", event.clientId(), details));
        }
    }
}
