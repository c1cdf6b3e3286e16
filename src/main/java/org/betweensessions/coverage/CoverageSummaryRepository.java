package org.betweensessions.coverage;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CoverageSummaryRepository extends JpaRepository<CoverageSummary, UUID> {

    Optional<CoverageSummary> findByCoverageIdAndClientId(UUID coverageId, UUID clientId);

    List<CoverageSummary> findByCoverageId(UUID coverageId);
}
