package org.betweensessions.policy;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The policy in force for a clinician's clients: their own override, else the practice default. */
@Service
public class Policies {

    private final CommunicationPolicyRepository policies;

    Policies(CommunicationPolicyRepository policies) {
        this.policies = policies;
    }

    @Transactional(readOnly = true)
    public CommunicationPolicy effective(UUID practiceId, UUID clinicianId) {
        return (clinicianId == null
                        ? Optional.<CommunicationPolicy>empty()
                        : policies.findFirstByPracticeIdAndClinicianIdOrderByVersionDesc(practiceId, clinicianId))
                .or(() -> policies.findFirstByPracticeIdAndClinicianIdIsNullOrderByVersionDesc(practiceId))
                .orElseThrow(() -> new IllegalStateException("Practice " + practiceId + " has no policy"));
    }
}
