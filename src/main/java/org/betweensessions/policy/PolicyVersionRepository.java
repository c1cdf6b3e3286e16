package org.betweensessions.policy;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The version history queries the policy API needs. Versions are only ever inserted. */
interface PolicyVersionRepository extends Repository<CommunicationPolicy, UUID> {

    /** Versions are numbered per practice across default and overrides: a number names one row. */
    @Query("select coalesce(max(p.version), 0) from CommunicationPolicy p where p.practiceId = ?1")
    int maxVersion(UUID practiceId);

    List<CommunicationPolicy> findByPracticeIdAndClinicianIdIsNotNullOrderByVersionAsc(UUID practiceId);

    List<CommunicationPolicy> findByPracticeIdOrderByVersionDesc(UUID practiceId);

    /** Serialises policy changes of one practice (two supervisors saving at once). */
    @Query(value = "select id from practice where id = ?1 for update", nativeQuery = true)
    String lockPractice(String practiceId);
}
