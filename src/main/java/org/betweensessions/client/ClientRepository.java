package org.betweensessions.client;

import java.util.Set;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ClientRepository extends JpaRepository<Client, UUID> {

    /** The languages the practice's clients in treatment (or intake) read their policy in. */
    @Query("select distinct c.preferredLanguage from Client c where c.practiceId = :practiceId"
            + " and c.status <> org.betweensessions.client.ClientStatus.TERMINATED"
            + " and c.preferredLanguage is not null")
    Set<String> languagesInPractice(UUID practiceId);
}
