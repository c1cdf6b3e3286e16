package org.betweensessions.practice;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface StaffMemberRepository extends JpaRepository<StaffMember, UUID> {

    Optional<StaffMember> findByUsername(String username);

    List<StaffMember> findByPracticeId(UUID practiceId);
}
