package org.betweensessions.client;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NoControlCharacters;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.message.Channel;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers a client in intake; consent to the communication policy starts from here. */
@Service
public class ClientRegistration {

    /**
     * @param displayName the client's name (stored encrypted; never sent to the engine)
     * @param clinician the clinician's username
     * @param preferredChannel how the client would like to receive the policy (PORTAL, EMAIL, ...)
     * @param preferredLanguage en or es (default en)
     * @param dateOfBirth optional; stored encrypted, never echoed or audited: a minor's records are
     *     kept until some years after they come of age (bsc.termination.retention), which needs it
     */
    public record RegisterClient(
            @NotBlank @Size(max = 200) @NoControlCharacters String displayName,
            @NotBlank String clinician,
            @NotNull Channel preferredChannel,

            @Pattern(regexp = "en|es", message = "must be en or es")
            String preferredLanguage,

            LocalDate dateOfBirth) {

        /** Without a date of birth, for callers in Java (JSON without the field gets null all the same). */
        public RegisterClient(
                String displayName, String clinician, Channel preferredChannel, String preferredLanguage) {
            this(displayName, clinician, preferredChannel, preferredLanguage, null);
        }
    }

    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ClientRegistration(
            ClientRepository clients,
            ClinicianRepository clinicians,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.clients = clients;
        this.clinicians = clinicians;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A date of birth in the past 130 years, or none; checked against the application's clock (which
     * tests may move), so bean validation's own clock is not used.
     */
    public static void checkDateOfBirth(LocalDate dateOfBirth, Clock clock) {
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        if (dateOfBirth != null && (dateOfBirth.isAfter(today) || dateOfBirth.isBefore(today.minusYears(130)))) {
            throw InvalidFieldException.outOfRange("dateOfBirth", "a date of birth in the past 130 years");
        }
    }

    @Transactional
    public Client register(RegisterClient request, UUID practiceId, String actor) {
        Clinician clinician = clinicians
                .findByUsername(request.clinician())
                .filter(c -> practiceId == null || c.getPracticeId().equals(practiceId))
                .orElseThrow(() -> new InvalidFieldException(
                        "clinician", "No clinician '" + request.clinician() + "' in this practice"));
        checkDateOfBirth(request.dateOfBirth(), clock);
        String language = request.preferredLanguage() == null ? "en" : request.preferredLanguage();
        Client registered = new Client(
                clinician.getPracticeId(),
                clinician.getId(),
                request.displayName(),
                request.preferredChannel(),
                language);
        registered.recordDateOfBirth(request.dateOfBirth());
        Client client = clients.saveAndFlush(registered);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("clinicianId", clinician.getId().toString());
        details.put("preferredChannel", request.preferredChannel().name());
        details.put("language", language);
        // Whether, never what: the date is PHI.
        details.put("dateOfBirthRecorded", request.dateOfBirth() != null);
        audit.record(actor, "CLIENT_REGISTERED", "CLIENT", client.getId(), details);
        events.publishEvent(new ClientRegistered(client, actor));
        return client;
    }
}
