package org.betweensessions.checkins;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A documented transfer of a client, by the client's clinician or a supervisor: to another
 * clinician of the practice (the client and their high-risk check-ins move), or out of the practice
 * (the check-ins and caring contacts end). The reason is stored encrypted.
 */
@RestController
@RequestMapping("/api/clients/{id}/transfers")
class TransferController {

    private final ClientAccess access;
    private final SafetyPlanCheckins checkins;

    TransferController(ClientAccess access, SafetyPlanCheckins checkins) {
        this.access = access;
        this.checkins = checkins;
    }

    /** {@code toClinicianId}: required within the practice, absent out of it. */
    record TransferRequest(
            @NotNull ClientTransfer.Kind kind,
            UUID toClinicianId,
            @NotBlank @Size(max = 4000) String reason) {}

    record TransferView(
            UUID id, UUID clientId, ClientTransfer.Kind kind, UUID fromClinicianId, UUID toClinicianId, Instant at) {

        static TransferView of(ClientTransfer t) {
            return new TransferView(
                    t.getId(),
                    t.getClientId(),
                    t.getKind(),
                    t.getFromClinicianId(),
                    t.getToClinicianId(),
                    t.getTransferredAt());
        }
    }

    private Client client(UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.CLINICIAN) && !user.is(StaffRole.SUPERVISOR)) {
            throw new AccessDeniedException("only clinicians and supervisors transfer clients");
        }
        return access.clientFor(id, user);
    }

    /** 201 transferred; 400 naming the field; 409 for a terminated client or the same clinician. */
    @PostMapping
    ResponseEntity<TransferView> transfer(
            @PathVariable UUID id, @Valid @RequestBody TransferRequest body, Authentication auth) {
        Client client = client(id, auth);
        if (body.kind() == ClientTransfer.Kind.WITHIN_PRACTICE && body.toClinicianId() == null) {
            throw InvalidFieldException.outOfRange("toClinicianId", "required for a transfer within the practice");
        }
        if (body.kind() == ClientTransfer.Kind.OUT_OF_PRACTICE && body.toClinicianId() != null) {
            throw InvalidFieldException.outOfRange(
                    "toClinicianId", "must be absent for a transfer out of the practice");
        }
        ClientTransfer transfer = checkins.transfer(
                client, body.kind(), body.toClinicianId(), body.reason().strip(), auth.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(TransferView.of(transfer));
    }

    /** The client's transfers, oldest first (without the reasons). */
    @GetMapping
    List<TransferView> list(@PathVariable UUID id, Authentication auth) {
        Client client = client(id, auth);
        return checkins.transfersOf(client.getId()).stream()
                .map(TransferView::of)
                .toList();
    }
}
