package org.betweensessions.triage;

import java.util.UUID;
import org.betweensessions.consent.ConsentReview;
import org.betweensessions.consent.ConsentReview.Arrangement;
import org.betweensessions.consent.ConsentReviewRepository;
import org.betweensessions.policy.PolicyDocument;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The modality exception that applies to a client's messages (DOMAIN.md, "Modality exceptions"): the
 * between-session arrangement the clinician chose when reviewing the policy with the client (latest
 * review wins), as long as the policy in force still offers it. STANDARD otherwise. The routing table
 * (message-route, input "Modality") can give such messages their own response window.
 */
@Component
public class Modality {

    /** No modality exception: the policy's ordinary rules. */
    public static final String STANDARD = Arrangement.STANDARD.name();

    private final ConsentReviewRepository reviews;

    Modality(ConsentReviewRepository reviews) {
        this.reviews = reviews;
    }

    @Transactional(readOnly = true)
    public String of(UUID clientId, PolicyDocument policy) {
        Arrangement arrangement = reviews.findFirstByClientIdOrderByReviewedAtDesc(clientId)
                .map(ConsentReview::getArrangement)
                .orElse(Arrangement.STANDARD);
        PolicyDocument.ModalityExceptions offered = policy.modalityExceptions();
        boolean stillOffered = switch (arrangement) {
            case STANDARD -> true;
            case DBT_SKILLS_COACHING -> offered != null && offered.dbtSkillsCoachingByPhone();
            case OPEN_INBOX -> offered != null && offered.openInboxForLowRisk();
        };
        return stillOffered ? arrangement.name() : STANDARD;
    }
}
