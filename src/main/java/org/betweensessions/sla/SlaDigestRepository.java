package org.betweensessions.sla;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SlaDigestRepository extends JpaRepository<SlaDigest, SlaDigest.Key> {

    /** A clinician's latest digest up to and including {@code today}. */
    Optional<SlaDigest> findFirstByIdClinicianIdAndIdDigestDateLessThanEqualOrderByIdDigestDateDesc(
            UUID clinicianId, LocalDate today);
}
