package org.betweensessions.client;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.message.Channel;
import org.betweensessions.practice.StaffMemberRepository;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registering clients (intake) and reading their status, for staff of the same practice. */
@RestController
@RequestMapping("/api/clients")
class ClientController {

  private final ClientRegistration registration;
  private final ClientRepository clients;
  private final StaffMemberRepository staff;

  ClientController(ClientRegistration registration, ClientRepository clients,
      StaffMemberRepository staff) {
    this.registration = registration;
    this.clients = clients;
    this.staff = staff;
  }

  /** 201: the client is in INTAKE and the intake-consent process is starting. */
  @PostMapping
  ResponseEntity<ClientView> register(@Valid @RequestBody ClientRegistration.RegisterClient request,
      Authentication auth) {
    Client client = registration.register(request, practiceOf(auth), auth.getName());
    return ResponseEntity.created(URI.create("/api/clients/" + client.getId()))
        .body(ClientView.of(client));
  }

  @GetMapping("/{id}")
  ClientView get(@PathVariable UUID id, Authentication auth) {
    Client client = clients.findById(id)
        .filter(c -> c.getPracticeId().equals(practiceOf(auth)))
        .orElseThrow(() -> new NotFoundException("id", "No client with this id"));
    return ClientView.of(client);
  }

  record ClientView(UUID id, String displayName, UUID clinicianId, ClientStatus status,
      RiskLevel riskLevel, Channel preferredChannel, String preferredLanguage) {

    static ClientView of(Client c) {
      return new ClientView(c.getId(), c.getDisplayName(), c.getClinicianId(), c.getStatus(),
          c.getRiskLevel(), c.getPreferredChannel(), c.getPreferredLanguage());
    }
  }

  private UUID practiceOf(Authentication auth) {
    return staff.findByUsername(auth.getName())
        .orElseThrow(() -> new AccessDeniedException("not a member of a practice"))
        .getPracticeId();
  }
}
