package org.betweensessions.clinician;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ClinicianLeaveRepository extends JpaRepository<ClinicianLeave, UUID> {

    @Query("select l from ClinicianLeave l where l.clinicianId = ?1 and l.startsOn <= ?2 and l.endsOn >= ?2")
    Optional<ClinicianLeave> findOnLeave(UUID clinicianId, LocalDate day);

    List<ClinicianLeave> findByClinicianId(UUID clinicianId);
}
