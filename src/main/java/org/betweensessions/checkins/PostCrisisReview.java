package org.betweensessions.checkins;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.database.AssignedIdEntity;
import org.hibernate.annotations.DynamicUpdate;

/**
 * The review after a crisis during a high-risk episode: the crisis message (triaged as any crisis),
 * who reviews and by when (stored), and when it was done. No clinical text: the safety plan itself
 * is versioned in safety_plan.
 */
@DynamicUpdate
@Entity
public class PostCrisisReview extends AssignedIdEntity {

    @Id
    private UUID id;

    private UUID episodeId;
    private UUID clientId;
    private UUID messageId;
    private Instant requestedAt;
    private Instant dueAt;
    private String assignee;
    private Long processInstanceKey;
    private Long openedByElementKey;
    private Instant reviewedAt;
    private String reviewedBy;
    private Boolean safetyPlanUpdated;

    protected PostCrisisReview() {}

    PostCrisisReview(
            UUID episodeId, UUID clientId, UUID messageId, Instant requestedAt, Instant dueAt, String assignee) {
        this.id = UUID.randomUUID();
        this.episodeId = episodeId;
        this.clientId = clientId;
        this.messageId = messageId;
        this.requestedAt = requestedAt;
        this.dueAt = dueAt;
        this.assignee = assignee;
    }

    /** A transfer within the practice: a review not yet done goes to the new clinician (true if it moved). */
    boolean reassignTo(String newAssignee) {
        if (reviewedAt != null) {
            return false;
        }
        this.assignee = newAssignee;
        return true;
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

    public UUID getMessageId() {
        return messageId;
    }

    public Instant getRequestedAt() {
        return requestedAt;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public String getAssignee() {
        return assignee;
    }

    public Long getProcessInstanceKey() {
        return processInstanceKey;
    }

    public Instant getReviewedAt() {
        return reviewedAt;
    }

    public String getReviewedBy() {
        return reviewedBy;
    }

    public Boolean getSafetyPlanUpdated() {
        return safetyPlanUpdated;
    }

    /**
     * Claims the review for the element that opens its task. Returns false for a second delivery of
     * the crisis to the same instance (another element); a job run again, or a rebuilt instance,
     * claims it (true).
     */
    boolean claimFor(long instanceKey, long elementKey) {
        if (processInstanceKey != null
                && processInstanceKey == instanceKey
                && openedByElementKey != null
                && openedByElementKey != elementKey) {
            return false;
        }
        this.processInstanceKey = instanceKey;
        this.openedByElementKey = elementKey;
        return true;
    }

    void reviewed(String by, Instant at, Boolean planUpdated) {
        this.reviewedBy = by;
        this.reviewedAt = at;
        this.safetyPlanUpdated = planUpdated;
    }
}
