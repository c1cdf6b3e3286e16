package org.betweensessions.checkins;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClientTransferRepository extends JpaRepository<ClientTransfer, UUID> {

    List<ClientTransfer> findByClientIdOrderByTransferredAtAsc(UUID clientId);
}
