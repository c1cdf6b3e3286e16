package org.betweensessions.consent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.ClientPolicyDocument;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.security.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A client's consent to the communication policy: the document they read, their acknowledgement (as
 * the portal's e-signature sends it), and the staff steps of the intake-consent process. Every
 * endpoint answers only for a client of the caller's own practice (404 otherwise, as for
 * {@code GET /api/clients/{id}}), before anything is read or written.
 */
@RestController
@RequestMapping("/api/clients/{id}")
class ConsentController {

    private final ConsentService consent;
    private final PolicyService policies;
    private final ClientRepository clients;
    private final ClientAccess access;

    ConsentController(ConsentService consent, PolicyService policies, ClientRepository clients, ClientAccess access) {
        this.consent = consent;
        this.policies = policies;
        this.clients = clients;
        this.access = access;
    }

    /**
     * The client, if the caller may act for them: 404 outside the practice, 403 for a clinician's
     * colleague's client (ClientAccess). Checked before anything is read or written.
     */
    private Client clientOfCallersPractice(UUID id, Authentication auth) {
        return access.clientFor(id, CurrentUser.of(auth));
    }

    /** The client's effective policy as they read it: JSON (default), or format=html / format=text. */
    @GetMapping("/policy")
    ResponseEntity<?> policy(
            @PathVariable UUID id,
            @RequestParam(required = false) String lang,
            @RequestParam(defaultValue = "json") String format,
            Authentication auth) {
        Client client = clientOfCallersPractice(id, auth);
        CommunicationPolicy policy = policies.effectiveFor(client);
        ClientPolicyDocument.Rendered doc =
                policies.render(client, policy, lang == null ? client.getPreferredLanguage() : lang);
        return switch (format) {
            case "html" ->
                ResponseEntity.ok()
                        .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                        .header("X-Policy-Version", String.valueOf(doc.policyVersion()))
                        .body(doc.html());
            case "text" ->
                ResponseEntity.ok()
                        .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                        .header("X-Policy-Version", String.valueOf(doc.policyVersion()))
                        .body(doc.text());
            default -> ResponseEntity.ok(doc);
        };
    }

    /**
     * @param policyVersion the version the client read and signed (required)
     * @param channel where the acknowledgement came from (default PORTAL)
     */
    record Acknowledgement(@NotNull Integer policyVersion, Channel channel) {}

    record ConsentReceipt(
            UUID consentId, UUID clientId, int policyVersion, Instant consentedAt, ClientStatus clientStatus) {}

    /** 201 recorded; 200 the same acknowledgement again; 409 a version that is no longer current. */
    @PostMapping("/consent")
    ResponseEntity<ConsentReceipt> acknowledge(
            @PathVariable UUID id, @Valid @RequestBody Acknowledgement body, Authentication auth) {
        clientOfCallersPractice(id, auth);
        ConsentService.Recorded recorded =
                consent.recordConsent(id, body.policyVersion(), body.channel(), auth.getName());
        ConsentReceipt receipt = new ConsentReceipt(
                recorded.consent().getId(),
                id,
                recorded.consent().getPolicyVersion(),
                recorded.consent().getConsentedAt(),
                clients.findById(id).orElseThrow().getStatus());
        return ResponseEntity.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/clients/" + id + "/consent"))
                .body(receipt);
    }

    @GetMapping("/consent")
    ConsentService.Status status(@PathVariable UUID id, Authentication auth) {
        clientOfCallersPractice(id, auth);
        return consent.status(id);
    }

    /** The clinician's "Review communication policy with client" task, through the API. */
    @PostMapping("/consent-review")
    ResponseEntity<ConsentService.Status> review(
            @PathVariable UUID id, @Valid @RequestBody ReviewChoices choices, Authentication auth) {
        clientOfCallersPractice(id, auth);
        consent.completeReview(id, choices, CurrentUser.of(auth));
        return ResponseEntity.ok(consent.status(id));
    }

    record FollowUp(@NotNull IntakeConsent.FollowUpOutcome outcome) {}

    /** The intake coordinator's "Follow up on missing consent" task, through the API. */
    @PostMapping("/consent-follow-up")
    ResponseEntity<ConsentService.Status> followUp(
            @PathVariable UUID id, @Valid @RequestBody FollowUp body, Authentication auth) {
        clientOfCallersPractice(id, auth);
        consent.completeFollowUp(id, body.outcome(), CurrentUser.of(auth));
        return ResponseEntity.ok(consent.status(id));
    }
}
