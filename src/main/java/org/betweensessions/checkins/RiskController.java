package org.betweensessions.checkins;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.checkins.RiskEpisode.CssrsLevel;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.client.RiskLevel;
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
 * A clinician (for their own clients) or a supervisor changes a client's risk level, always with a
 * documented clinical reason (stored encrypted, never in the engine). Raising it to HIGH starts the
 * safety-plan-checkins process; lowering it ends the check-ins.
 */
@RestController
@RequestMapping("/api/clients/{id}")
class RiskController {

    private final ClientAccess access;
    private final SafetyPlanCheckins checkins;

    RiskController(ClientAccess access, SafetyPlanCheckins checkins) {
        this.access = access;
        this.checkins = checkins;
    }

    record RiskChange(
            @NotNull RiskLevel level,
            @NotBlank @Size(max = 4000) String reason,
            CssrsLevel cssrsLevel) {}

    record RiskChanged(UUID clientId, RiskLevel riskLevel, UUID episodeId, Instant safetyPlanDueAt) {}

    /** 201 raised (check-ins start), 200 lowered (check-ins end), 409 already at that level. */
    @PostMapping("/risk")
    ResponseEntity<RiskChanged> change(
            @PathVariable UUID id, @Valid @RequestBody RiskChange body, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.CLINICIAN) && !user.is(StaffRole.SUPERVISOR)) {
            throw new AccessDeniedException("only clinicians and supervisors rate risk");
        }
        Client client = access.clientFor(id, user);
        if (body.level() == RiskLevel.HIGH) {
            RiskEpisode episode = checkins.raise(client, body.cssrsLevel(), body.reason(), user.username());
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(new RiskChanged(id, RiskLevel.HIGH, episode.getId(), episode.getSafetyPlanDueAt()));
        }
        RiskEpisode ended = checkins.lower(client, body.reason(), user.username());
        return ResponseEntity.ok(new RiskChanged(id, RiskLevel.LOW, ended == null ? null : ended.getId(), null));
    }

    record PlanRequest(
            @Size(max = 4000) String warningSigns,
            @Size(max = 4000) String internalCoping,
            @Size(max = 4000) String distraction,
            @Size(max = 4000) String peopleToAsk,
            @Size(max = 4000) String professionals,
            @Size(max = 4000) String environmentSafety,
            boolean reviewedWithClient) {}

    record PlanView(
            UUID clientId,
            int version,
            SafetyPlan.Sections sections,
            String writtenBy,
            Instant writtenAt,
            Instant reviewedWithClientAt) {

        static PlanView of(SafetyPlan p) {
            return new PlanView(
                    p.getClientId(),
                    p.getVersion(),
                    p.sections(),
                    p.getWrittenBy(),
                    p.getWrittenAt(),
                    p.getReviewedWithClientAt());
        }
    }

    /** 201: a new version of the safety plan (clinician of the client, or a supervisor). */
    @PostMapping("/safety-plan")
    ResponseEntity<PlanView> writePlan(
            @PathVariable UUID id, @Valid @RequestBody PlanRequest body, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.CLINICIAN) && !user.is(StaffRole.SUPERVISOR)) {
            throw new AccessDeniedException("only clinicians and supervisors write safety plans");
        }
        Client client = access.clientFor(id, user);
        SafetyPlan plan = checkins.writePlan(
                client,
                new SafetyPlan.Sections(
                        body.warningSigns(),
                        body.internalCoping(),
                        body.distraction(),
                        body.peopleToAsk(),
                        body.professionals(),
                        body.environmentSafety()),
                body.reviewedWithClient(),
                user.username());
        return ResponseEntity.status(HttpStatus.CREATED).body(PlanView.of(plan));
    }

    record CopySent(UUID clientId, int version, String channel, boolean sentBefore) {}

    /**
     * 202: a copy of the current plan goes to the client in their channel (once per version; asked
     * again, {@code sentBefore} is true and nothing more is sent). 404 when there is no plan.
     */
    @PostMapping("/safety-plan/copy")
    ResponseEntity<CopySent> sendCopy(@PathVariable UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.CLINICIAN) && !user.is(StaffRole.SUPERVISOR)) {
            throw new AccessDeniedException("only clinicians and supervisors send safety plans");
        }
        Client client = access.clientFor(id, user);
        SafetyPlanCheckins.PlanCopy copy = checkins.sendPlanCopy(client, user.username())
                .orElseThrow(() -> new NotFoundException("id", "No safety plan for this client yet"));
        return ResponseEntity.accepted()
                .body(new CopySent(id, copy.version(), copy.channel().name(), copy.sentBefore()));
    }

    /** The current version; 404 when there is none. */
    @GetMapping("/safety-plan")
    PlanView plan(@PathVariable UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.CLINICIAN) && !user.is(StaffRole.SUPERVISOR)) {
            throw new AccessDeniedException("only clinicians and supervisors read safety plans");
        }
        Client client = access.clientFor(id, user);
        return checkins.currentPlan(client.getId())
                .map(PlanView::of)
                .orElseThrow(() -> new NotFoundException("id", "No safety plan for this client yet"));
    }
}
