package org.betweensessions.client;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClientConsentRepository extends JpaRepository<ClientConsent, UUID> {

    Optional<ClientConsent> findFirstByClientIdOrderByConsentedAtDesc(UUID clientId);
}
