package org.betweensessions.policy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.clinician.ClinicianRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to one client's contact arrangements for clinical reasons (e.g. phone coaching between
 * sessions in DBT): each needs a documented reason (encrypted), is audited when recorded and when
 * ended, and shows in the client's policy view while in force.
 */
@Service
public class ContactExceptions {

    private final ContactExceptionRepository exceptions;
    private final ClinicianRepository clinicians;
    private final AuditTrail audit;
    private final Clock clock;

    ContactExceptions(
            ContactExceptionRepository exceptions, ClinicianRepository clinicians, AuditTrail audit, Clock clock) {
        this.exceptions = exceptions;
        this.clinicians = clinicians;
        this.audit = audit;
        this.clock = clock;
    }

    /** Today in the client's clinician's time zone (the dates of an exception are theirs). */
    LocalDate today(Client client) {
        ZoneId zone = clinicians
                .findById(client.getClinicianId())
                .map(c -> c.getTimeZone())
                .orElse(ZoneId.of("UTC"));
        return clock.instant().atZone(zone).toLocalDate();
    }

    @Transactional
    public ContactException record(
            Client client, ContactException.Kind kind, String reason, LocalDate endsOn, String by) {
        LocalDate today = today(client);
        if (endsOn != null && endsOn.isBefore(today)) {
            throw InvalidFieldException.outOfRange("endsOn", "The end date must be today or later");
        }
        ContactException saved = exceptions.saveAndFlush(new ContactException(
                client.getId(), kind, reason, today, endsOn, by, clock.instant().truncatedTo(ChronoUnit.MICROS)));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("exceptionId", saved.getId().toString());
        details.put("kind", kind.name());
        details.put("reasonDocumented", true);
        if (endsOn != null) {
            details.put("endsOn", endsOn.toString());
        }
        audit.record(by, "CONTACT_EXCEPTION_RECORDED", "CLIENT", client.getId(), details);
        return saved;
    }

    @Transactional
    public ContactException end(Client client, UUID exceptionId, String reason, String by) {
        ContactException exception = exceptions
                .findById(exceptionId)
                .filter(e -> e.getClientId().equals(client.getId()))
                .orElseThrow(() -> new NotFoundException("exceptionId", "No such contact exception for this client"));
        if (exception.getEndedAt() != null) {
            throw new ConflictException("The contact exception was already ended (at " + exception.getEndedAt() + " by "
                    + exception.getEndedBy() + ")");
        }
        exception.end(by, clock.instant().truncatedTo(ChronoUnit.MICROS), reason);
        audit.record(
                by,
                "CONTACT_EXCEPTION_ENDED",
                "CLIENT",
                client.getId(),
                Map.of(
                        "exceptionId",
                        exceptionId.toString(),
                        "kind",
                        exception.getKind().name(),
                        "reasonDocumented",
                        true));
        return exception;
    }

    @Transactional(readOnly = true)
    public List<ContactException> of(UUID clientId) {
        return exceptions.findByClientIdOrderByRecordedAtAsc(clientId);
    }

    /** The arrangements in force today, as the client reads them in their policy. */
    @Transactional(readOnly = true)
    public List<String> inForce(Client client, String language) {
        LocalDate today = today(client);
        return exceptions.findByClientIdOrderByRecordedAtAsc(client.getId()).stream()
                .filter(e -> e.activeOn(today))
                .map(e -> e.getKind().forClient(language))
                .distinct()
                .toList();
    }
}
