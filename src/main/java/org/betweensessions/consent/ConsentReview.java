package org.betweensessions.consent;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.message.Channel;

/**
 * What the clinician confirmed when reviewing the policy with the client at intake: the client's
 * preferred contact method, understanding of each of the four answers, and the between-session
 * arrangement. Choices only, no free text.
 */
@Entity
public class ConsentReview {

    /** How between-session contact works for this client. */
    public enum Arrangement {
        STANDARD,
        /** DBT skills coaching by phone between sessions, as part of treatment. */
        DBT_SKILLS_COACHING,
        /** Low-risk clients only: messages are read, maybe not answered, discussed next session. */
        OPEN_INBOX
    }

    @Id
    private UUID id;

    private UUID requestId;
    private UUID clientId;

    @Enumerated(EnumType.STRING)
    private Channel preferredChannel;

    private boolean understoodChannels;
    private boolean understoodContactKinds;
    private boolean understoodResponseTime;
    private boolean understoodCrisisPlan;

    @Enumerated(EnumType.STRING)
    private Arrangement arrangement;

    private String reviewedBy;
    private Instant reviewedAt;

    protected ConsentReview() {}

    ConsentReview(UUID requestId, UUID clientId, ReviewChoices choices, String reviewedBy, Instant reviewedAt) {
        this.id = UUID.randomUUID();
        this.requestId = requestId;
        this.clientId = clientId;
        this.preferredChannel = choices.preferredChannel();
        this.understoodChannels = choices.understoodChannels();
        this.understoodContactKinds = choices.understoodContactKinds();
        this.understoodResponseTime = choices.understoodResponseTime();
        this.understoodCrisisPlan = choices.understoodCrisisPlan();
        this.arrangement = choices.arrangement();
        this.reviewedBy = reviewedBy;
        this.reviewedAt = reviewedAt;
    }

    public UUID getRequestId() {
        return requestId;
    }

    public UUID getClientId() {
        return clientId;
    }

    public Channel getPreferredChannel() {
        return preferredChannel;
    }

    public Arrangement getArrangement() {
        return arrangement;
    }

    public String getReviewedBy() {
        return reviewedBy;
    }

    public Instant getReviewedAt() {
        return reviewedAt;
    }
}
