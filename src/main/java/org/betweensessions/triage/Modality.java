package org.betweensessions.triage;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.betweensessions.consent.ConsentReview.Arrangement;
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

  private final EntityManager entityManager;

  Modality(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Transactional(readOnly = true)
  public String of(UUID clientId, PolicyDocument policy) {
    List<Arrangement> latest = entityManager.createQuery(
            "select r.arrangement from ConsentReview r where r.clientId = :client"
                + " order by r.reviewedAt desc", Arrangement.class)
        .setParameter("client", clientId).setMaxResults(1).getResultList();
    Arrangement arrangement = latest.isEmpty() ? Arrangement.STANDARD : latest.get(0);
    PolicyDocument.ModalityExceptions offered = policy.modalityExceptions();
    boolean stillOffered = switch (arrangement) {
      case STANDARD -> true;
      case DBT_SKILLS_COACHING -> offered != null && offered.dbtSkillsCoachingByPhone();
      case OPEN_INBOX -> offered != null && offered.openInboxForLowRisk();
    };
    return stillOffered ? arrangement.name() : STANDARD;
  }
}
