package org.betweensessions.message;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;

/**
 * A message between a client and the practice. The body is encrypted at rest; only the id, the
 * category and timestamps ever reach the process engine.
 */
@Entity
public class Message {

  @Id private UUID id;

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
  private String sentBy;

  protected Message() {}

  public static Message inbound(Channel channel, String externalId, UUID clientId, UUID clinicianId,
      String body, Instant receivedAt, Instant now) {
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

  public void handedToEngine() {
    if (status == MessageStatus.RECEIVED) {
      status = MessageStatus.TRIAGING;
    }
  }

  public void triaged(long processInstanceKey, String category, String crisisKind) {
    this.processInstanceKey = processInstanceKey;
    this.category = category;
    this.crisisKind = crisisKind;
    if (status == MessageStatus.RECEIVED || status == MessageStatus.TRIAGING) {
      status = MessageStatus.AWAITING_RESPONSE;
    }
  }

  public void answered(Instant at) {
    this.status = MessageStatus.ANSWERED;
    this.answeredAt = at;
  }

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

  public String getSentBy() {
    return sentBy;
  }
}
