package org.betweensessions.policy;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ContactExceptionRepository extends JpaRepository<ContactException, UUID> {

    List<ContactException> findByClientIdOrderByRecordedAtAsc(UUID clientId);
}
