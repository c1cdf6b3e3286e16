package org.betweensessions.sla;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SlaDigestRepository extends JpaRepository<SlaDigest, SlaDigest.Key> {

  /** A clinician's latest digest. */
  Optional<SlaDigest> findFirstByIdClinicianIdOrderByIdDigestDateDesc(UUID clinicianId);
}
