package org.betweensessions.consent;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientConsent;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface ConsentRequestRepository extends JpaRepository<ConsentRequest, UUID> {

    Optional<ConsentRequest> findFirstByClientIdAndStatus(UUID clientId, ConsentRequest.Status status);

    List<ConsentRequest> findByClientIdOrderByCreatedAtAsc(UUID clientId);

    List<ConsentRequest> findByStatus(ConsentRequest.Status status);

    List<ConsentRequest> findTop100ByStatusAndPublishedAtIsNullAndCreatedAtBefore(
            ConsentRequest.Status status, Instant before);

    List<ConsentRequest> findTop100ByStatusAndConsentIdIsNotNull(ConsentRequest.Status status);

    /** The request, its row locked until the transaction ends (reconciliation, one at a time). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from ConsentRequest r where r.id = ?1")
    Optional<ConsentRequest> findForUpdate(UUID id);

    /** Open requests handed to the engine (reconciliation compares them with it). */
    @Query("select r from ConsentRequest r where r.status = org.betweensessions.consent.ConsentRequest.Status.OPEN"
            + " and r.publishedAt is not null order by r.createdAt asc")
    List<ConsentRequest> findOpenInEngine(Pageable page);

    // Client and consent queries consent needs, kept here so the shared repositories stay untouched.

    @Query("select c from Client c where c.clinicianId = ?1")
    List<Client> clientsOf(UUID clinicianId);

    @Query("select c from Client c where c.status = org.betweensessions.client.ClientStatus.INTAKE")
    List<Client> clientsInIntake();

    @Query("select count(c) > 0 from ClientConsent c where c.clientId = ?1")
    boolean hasAnyConsent(UUID clientId);

    @Query("select c from ClientConsent c where c.clientId = ?1 and c.policyId = ?2")
    Optional<ClientConsent> consentTo(UUID clientId, UUID policyId);

    @Query("select c from ClientConsent c where c.clientId = ?1 order by c.consentedAt asc")
    List<ClientConsent> consentsOf(UUID clientId);
}
