package org.betweensessions.practice;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PracticeRepository extends JpaRepository<Practice, UUID> {

    /**
     * The practice this deployment serves (the first one created). Messages that match no client
     * (unknown senders) belong to it. One deployment per practice is the supported set-up.
     */
    Optional<Practice> findFirstByOrderByCreatedAtAsc();

    default Practice primary() {
        return findFirstByOrderByCreatedAtAsc().orElseThrow(() -> new IllegalStateException("No practice configured"));
    }
}
