package org.betweensessions.agenda;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The next-session agenda per client: therapeutic updates, crises, communication patterns. */
@Service
public class SessionAgenda {

    public static final String THERAPEUTIC_UPDATE = "THERAPEUTIC_UPDATE";
    public static final String CRISIS_FOLLOW_UP = "CRISIS_FOLLOW_UP";
    public static final String COMMUNICATION_PATTERN = "COMMUNICATION_PATTERN";
    /** A crisis from a client not rated high risk: the clinician reviews the risk level. */
    public static final String REVIEW_RISK_LEVEL = "REVIEW_RISK_LEVEL";

    private final AgendaItemRepository items;
    private final Clock clock;

    SessionAgenda(AgendaItemRepository items, Clock clock) {
        this.items = items;
        this.clock = clock;
    }

    /** Idempotent: one item per kind and message however often it is asked for. */
    @Transactional
    public AgendaItem add(UUID clientId, UUID clinicianId, String kind, UUID messageId, String evidence) {
        return items.findByKindAndMessageId(kind, messageId)
                .orElseGet(() ->
                        items.save(new AgendaItem(clientId, clinicianId, kind, messageId, evidence, clock.instant())));
    }

    @Transactional(readOnly = true)
    public List<AgendaItem> forClient(UUID clientId) {
        return items.findByClientIdOrderByCreatedAtAsc(clientId);
    }

    /** A clinician's items of one kind not discussed yet, oldest first. */
    @Transactional(readOnly = true)
    public List<AgendaItem> openOfKind(UUID clinicianId, String kind) {
        return items.findByClinicianIdAndKindAndDiscussedAtIsNullOrderByCreatedAtAsc(clinicianId, kind);
    }
}
