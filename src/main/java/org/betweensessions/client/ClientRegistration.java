package org.betweensessions.client;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
     */
    public record RegisterClient(
            @NotBlank @Size(max = 200) @NoControlCharacters String displayName,
            @NotBlank String clinician,
            @NotNull Channel preferredChannel,

            @Pattern(regexp = "en|es", message = "must be en or es")
            String preferredLanguage) {}

    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    ClientRegistration(
            ClientRepository clients,
            ClinicianRepository clinicians,
            AuditTrail audit,
            ApplicationEventPublisher events) {
        this.clients = clients;
        this.clinicians = clinicians;
        this.audit = audit;
        this.events = events;
    }

    @Transactional
    public Client register(RegisterClient request, UUID practiceId, String actor) {
        Clinician clinician = clinicians
                .findByUsername(request.clinician())
                .filter(c -> practiceId == null || c.getPracticeId().equals(practiceId))
                .orElseThrow(() -> new InvalidFieldException(
                        "clinician", "No clinician '" + request.clinician() + "' in this practice"));
        String language = request.preferredLanguage() == null ? "en" : request.preferredLanguage();
        Client client = clients.saveAndFlush(new Client(
                clinician.getPracticeId(),
                clinician.getId(),
                request.displayName(),
                request.preferredChannel(),
                language));
        audit.record(
                actor,
                "CLIENT_REGISTERED",
                "CLIENT",
                client.getId(),
                Map.of(
                        "clinicianId", clinician.getId().toString(),
                        "preferredChannel", request.preferredChannel().name(),
                        "language", language));
        events.publishEvent(new ClientRegistered(client, actor));
        return client;
    }
}
