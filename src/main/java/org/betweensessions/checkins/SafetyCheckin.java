package org.betweensessions.checkins;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.database.AssignedIdEntity;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One scheduled check-in: when it is due, when it went out, until when a reply counts, the outreach
 * after a miss and the clinician's welfare decision. Every time here is a timer's stored deadline.
 */
@DynamicUpdate
@Entity
public class SafetyCheckin extends AssignedIdEntity {

    /** What the clinician did after three unanswered outreach attempts. */
    public enum WelfareOutcome {
        REACHED_AND_SAFE,
        WELFARE_CHECK_REQUESTED,
        EMERGENCY_SERVICES_CALLED,
        OTHER
    }

    /** What came of a check-in by scheduled call. */
    public enum CallOutcome {
        REACHED_AND_SAFE,
        NOT_REACHED,
        OTHER
    }

    @Id
    private UUID id;

    private UUID episodeId;
    private UUID clientId;
    private int number;
    private Instant dueAt;
    private Instant sentAt;
    private Instant replyBy;
    private Instant answeredAt;
    private UUID answerMessageId;
    private Instant missedAt;
    private int outreachAttempts;
    private Instant nextOutreachAt;
    private Instant welfareOpenedAt;
    private String welfareLevel;
    private String welfareAssignee;
    private Instant welfareEscalateAt;
    private String welfareOutcome;
    private String welfareRecordedBy;
    private Instant welfareRecordedAt;
    private Instant closedAt;
    private boolean byCall;
    private String callAssignee;
    private String callOutcome;
    private String callRecordedBy;

    protected SafetyCheckin() {}

    SafetyCheckin(UUID episodeId, UUID clientId, int number, Instant dueAt, boolean byCall) {
        this.byCall = byCall;
        this.id = UUID.randomUUID();
        this.episodeId = episodeId;
        this.clientId = clientId;
        this.number = number;
        this.dueAt = dueAt;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getEpisodeId() {
        return episodeId;
    }

    public UUID getClientId() {
        return clientId;
    }

    public int getNumber() {
        return number;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    public Instant getReplyBy() {
        return replyBy;
    }

    public Instant getAnsweredAt() {
        return answeredAt;
    }

    public UUID getAnswerMessageId() {
        return answerMessageId;
    }

    public Instant getMissedAt() {
        return missedAt;
    }

    public int getOutreachAttempts() {
        return outreachAttempts;
    }

    public Instant getNextOutreachAt() {
        return nextOutreachAt;
    }

    public String getWelfareLevel() {
        return welfareLevel;
    }

    public String getWelfareAssignee() {
        return welfareAssignee;
    }

    public Instant getWelfareEscalateAt() {
        return welfareEscalateAt;
    }

    public Instant getWelfareOpenedAt() {
        return welfareOpenedAt;
    }

    public String getWelfareOutcome() {
        return welfareOutcome;
    }

    public Instant getClosedAt() {
        return closedAt;
    }

    public boolean isByCall() {
        return byCall;
    }

    public String getCallAssignee() {
        return callAssignee;
    }

    public String getCallOutcome() {
        return callOutcome;
    }

    void callOpened(Instant at, Instant replyBy, String assignee) {
        sent(at, replyBy);
        this.callAssignee = assignee;
    }

    void callRecorded(CallOutcome outcome, String by) {
        this.callOutcome = outcome.name();
        this.callRecordedBy = by;
    }

    void sent(Instant at, Instant replyBy) {
        this.sentAt = at;
        this.replyBy = replyBy;
    }

    void answered(Instant at, UUID messageId) {
        this.answeredAt = at;
        this.answerMessageId = messageId;
        this.closedAt = at;
    }

    void missed(Instant at) {
        this.missedAt = at;
    }

    void outreachSent(int attempt, Instant nextAt) {
        this.outreachAttempts = attempt;
        this.nextOutreachAt = nextAt;
    }

    void welfareAt(String level, String assignee, Instant openedAt, Instant escalateAt) {
        if (this.welfareOpenedAt == null) {
            this.welfareOpenedAt = openedAt;
        }
        this.welfareLevel = level;
        this.welfareAssignee = assignee;
        this.welfareEscalateAt = escalateAt;
    }

    void welfareRecorded(WelfareOutcome outcome, String by, Instant at) {
        this.welfareOutcome = outcome.name();
        this.welfareRecordedBy = by;
        this.welfareRecordedAt = at;
        this.closedAt = at;
    }

    void close(Instant at) {
        if (closedAt == null) {
            closedAt = at;
        }
    }
}
