package org.betweensessions.crisis;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CrisisAcknowledgementRepository
    extends JpaRepository<CrisisAcknowledgement, UUID> {}
