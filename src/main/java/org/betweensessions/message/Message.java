package org.betweensessions.message;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;
import org.betweensessions.database.AssignedIdEntity;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A message between a client and the practice. The body is encrypted at rest; only the id, the
 * category and timestamps ever reach the process engine.
 */
// Only changed columns are written: workers and the publisher update the same row concurrently, and
// a full-row update would put back values another transaction has just changed (lost update).
@DynamicUpdate
@Entity
public class Message extends AssignedIdEntity {

    @Id
    private UUID id;

    @Enumerated(EnumType.STRING)
    private Direction direction;

    @Enumerated(EnumType.STRING)
    private Channel channel;

    private String externalId;
    private UUID clientId;
    private UUID clinicianId;
    private UUID inReplyToId;

    @Convert(converter = EncryptedText.class)
    @Column(name = "body_enc")
    private String body;

    private Instant receivedAt;
    private Instant createdAt;
    private String category;
    private String crisisKind;

    @Enumerated(EnumType.STRING)
    private MessageStatus status;

    private Long processInstanceKey;
    private Instant answeredAt;
    /**
     * Written only by {@link MessageRepository#markHandedToEngine}: a worker holding this entity from
     * before the publish must not write its stale null back (found by OutageTest: a message triaged
     * and closed, yet published_at empty, so republished).
     */
    @Column(updatable = false)
    private Instant publishedAt;

    private String sentBy;
    private String route;
    /** Ids of the screening signals that fired, comma-separated: why the message was classified so. */
    private String signals;

    private String lexiconVersion;
    private boolean framedAsUrgent;
    private Instant dueAt;
    /** Outbound: the template an auto-reply was rendered from. */
    private String templateKey;
    /**
     * Inbound: the account that posted it (the portal's integration user, or a staff member who typed
     * in what a client said), so a message entered on a client's behalf says by whom.
     */
    private String enteredBy;

    /** Sender address as the channel gave it (email, phone); kept for unknown senders. */
    @Convert(converter = EncryptedText.class)
    @Column(name = "sender_enc")
    private String sender;

    protected Message() {}

    public static Message inbound(
            Channel channel,
            String externalId,
            UUID clientId,
            UUID clinicianId,
            String body,
            Instant receivedAt,
            Instant now) {
        Message m = new Message();
        m.id = UUID.randomUUID();
        m.direction = Direction.INBOUND;
        m.channel = channel;
        m.externalId = externalId;
        m.clientId = clientId;
        m.clinicianId = clinicianId;
        m.body = body;
        m.receivedAt = receivedAt;
        m.createdAt = now;
        m.status = MessageStatus.RECEIVED;
        return m;
    }

    public static Message inboundFromUnknownSender(
            Channel channel, String externalId, String sender, String body, Instant receivedAt, Instant now) {
        Message m = inbound(channel, externalId, null, null, body, receivedAt, now);
        m.sender = sender;
        return m;
    }

    /** Who "sent" an automatic reply: the application, never a person answering. */
    public static final String AUTOMATIC_SENDER = "auto-reply";

    /** An automatic reply; its external id makes it unique per original message and template. */
    public static Message autoReply(Message original, String templateKey, String body, Instant now) {
        Message m = reply(original, body, AUTOMATIC_SENDER, now);
        m.externalId = "auto-" + original.id + "-" + templateKey;
        m.templateKey = templateKey;
        return m;
    }

    public static Message reply(Message original, String body, String sentBy, Instant now) {
        Message m = new Message();
        m.id = UUID.randomUUID();
        m.direction = Direction.OUTBOUND;
        m.channel = original.channel;
        m.externalId = "reply-" + m.id;
        m.clientId = original.clientId;
        m.clinicianId = original.clinicianId;
        m.inReplyToId = original.id;
        m.body = body;
        m.receivedAt = now;
        m.createdAt = now;
        m.status = MessageStatus.SENT;
        m.sentBy = sentBy;
        return m;
    }

    public Instant getPublishedAt() {
        return publishedAt;
    }

    public void screened(
            long processInstanceKey,
            String category,
            String crisisKind,
            List<String> signals,
            String lexiconVersion,
            boolean framedAsUrgent) {
        this.processInstanceKey = processInstanceKey;
        this.category = category;
        this.crisisKind = crisisKind;
        this.signals = joinSignals(signals);
        this.lexiconVersion = lexiconVersion;
        this.framedAsUrgent = framedAsUrgent;
        if (status == MessageStatus.RECEIVED) {
            status = MessageStatus.TRIAGING;
        }
    }

    /** The route the practice's decision table chose; a person now has to act (or nobody does). */
    public void routed(String route, Instant dueAt, boolean needsAnswer) {
        this.route = route;
        this.dueAt = dueAt;
        if (status == MessageStatus.RECEIVED || status == MessageStatus.TRIAGING) {
            status = needsAnswer ? MessageStatus.AWAITING_RESPONSE : MessageStatus.CLOSED;
        }
    }

    /** Closed without an answer, for a reason the audit trail records (e.g. treatment ended). */
    public void closedWithoutAnswer() {
        this.status = MessageStatus.CLOSED;
    }

    public void answered(Instant at) {
        this.status = MessageStatus.ANSWERED;
        this.answeredAt = at;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public Direction getDirection() {
        return direction;
    }

    public Channel getChannel() {
        return channel;
    }

    public String getExternalId() {
        return externalId;
    }

    public UUID getClientId() {
        return clientId;
    }

    public UUID getClinicianId() {
        return clinicianId;
    }

    public UUID getInReplyToId() {
        return inReplyToId;
    }

    public String getBody() {
        return body;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCategory() {
        return category;
    }

    public String getCrisisKind() {
        return crisisKind;
    }

    public MessageStatus getStatus() {
        return status;
    }

    public Long getProcessInstanceKey() {
        return processInstanceKey;
    }

    public Instant getAnsweredAt() {
        return answeredAt;
    }

    public String getEnteredBy() {
        return enteredBy;
    }

    public void enteredBy(String username) {
        this.enteredBy = username;
    }

    /** An automatic reply (after hours, out of office): it acknowledges, it does not answer. */
    public boolean isAutomaticReply() {
        return AUTOMATIC_SENDER.equals(sentBy);
    }

    public String getSentBy() {
        return sentBy;
    }

    public String getRoute() {
        return route;
    }

    /** message.signals is varchar(1000). */
    static final int SIGNALS_MAX_LENGTH = 1000;

    /**
     * The signals, comma-separated, cut to fit the column by construction: a long message can fire
     * many signals, and a value too long for the column would fail the screening job and leave the
     * message unrouted. Signals come most important first, so whole trailing ones are dropped and
     * counted ({@code +N more}).
     */
    static String joinSignals(List<String> signals) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < signals.size(); i++) {
            String next = (i == 0 ? "" : ",") + signals.get(i);
            String more = ",+" + (signals.size() - i) + " more";
            boolean last = i == signals.size() - 1;
            if (joined.length() + next.length() + (last ? 0 : more.length()) > SIGNALS_MAX_LENGTH) {
                return joined.append(i == 0 ? more.substring(1) : more).toString();
            }
            joined.append(next);
        }
        return joined.toString();
    }

    public List<String> getSignals() {
        return signals == null || signals.isBlank() ? List.of() : List.of(signals.split(","));
    }

    public String getLexiconVersion() {
        return lexiconVersion;
    }

    public boolean isFramedAsUrgent() {
        return framedAsUrgent;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public String getTemplateKey() {
        return templateKey;
    }

    public String getSender() {
        return sender;
    }
}
