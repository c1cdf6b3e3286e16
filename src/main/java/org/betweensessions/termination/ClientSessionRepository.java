package org.betweensessions.termination;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClientSessionRepository extends JpaRepository<ClientSession, UUID> {}
