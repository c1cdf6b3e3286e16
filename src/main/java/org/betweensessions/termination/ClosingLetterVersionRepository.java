package org.betweensessions.termination;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClosingLetterVersionRepository extends JpaRepository<ClosingLetterVersion, UUID> {

    List<ClosingLetterVersion> findByTerminationIdOrderByVersionAsc(UUID terminationId);
}
