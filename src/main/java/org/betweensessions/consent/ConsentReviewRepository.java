package org.betweensessions.consent;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ConsentReviewRepository extends JpaRepository<ConsentReview, UUID> {

    Optional<ConsentReview> findByRequestId(UUID requestId);

    /** The client's latest review with the clinician (its arrangement is in force). */
    Optional<ConsentReview> findFirstByClientIdOrderByReviewedAtDesc(UUID clientId);
}
