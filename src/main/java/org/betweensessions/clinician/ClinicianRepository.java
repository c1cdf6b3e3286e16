package org.betweensessions.clinician;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ClinicianRepository extends JpaRepository<Clinician, UUID> {

    @Query("select c from Clinician c where c.staffMember.username = ?1")
    Optional<Clinician> findByUsername(String username);
}
