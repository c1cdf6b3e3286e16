package org.betweensessions.policy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.practice.StaffMemberRepository;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The practice's communication policy for staff: everyone reads it, supervisors and admins change
 * it. A change is a new version; clients on older versions are asked to consent again.
 */
@RestController
@RequestMapping("/api/policies")
class PolicyController {

    private final PolicyService policies;
    private final StaffMemberRepository staff;
    private final ClinicianRepository clinicians;

    PolicyController(PolicyService policies, StaffMemberRepository staff, ClinicianRepository clinicians) {
        this.policies = policies;
        this.staff = staff;
        this.clinicians = clinicians;
    }

    @GetMapping("/practice")
    PolicyView practice(Authentication auth) {
        return PolicyView.of(policies.practiceDefault(practiceOf(auth)));
    }

    @GetMapping("/practice/versions")
    List<PolicyView> history(Authentication auth) {
        return policies.history(practiceOf(auth)).stream().map(PolicyView::of).toList();
    }

    @PostMapping("/practice/versions")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    ResponseEntity<ChangeView> changePractice(@Valid @RequestBody PracticeChange change, Authentication auth) {
        PolicyService.PolicyChange result = policies.changePracticeDefault(
                practiceOf(auth), change.basedOnVersion(), change.document(), auth.getName());
        return ResponseEntity.created(URI.create("/api/policies/practice")).body(ChangeView.of(result));
    }

    @GetMapping("/clinicians/{username}")
    PolicyView clinicianPolicy(@PathVariable String username, Authentication auth) {
        return PolicyView.of(policies.effectiveFor(clinician(username, auth)));
    }

    @PostMapping("/clinicians/{username}/versions")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    ResponseEntity<ChangeView> changeClinician(
            @PathVariable String username, @Valid @RequestBody ClinicianChange change, Authentication auth) {
        Clinician clinician = clinician(username, auth);
        PolicyService.PolicyChange result = policies.changeClinicianOverrides(
                clinician.getId(), change.basedOnVersion(), change.overrides(), auth.getName());
        return ResponseEntity.created(URI.create("/api/policies/clinicians/" + username))
                .body(ChangeView.of(result));
    }

    /** @param basedOnVersion the version you edited; 409 if another change was saved meanwhile */
    record PracticeChange(
            @NotNull Integer basedOnVersion, @NotNull PolicyDocument document) {}

    /** @param overrides the parts of the practice policy this clinician does differently */
    record ClinicianChange(
            @NotNull Integer basedOnVersion, @NotNull PolicyDocument overrides) {}

    record PolicyView(
            UUID id,
            int version,
            String scope,
            UUID clinicianId,
            PolicyDocument document,
            PolicyDocument overrides,
            boolean clientFacingChange,
            Instant createdAt,
            String createdBy) {

        static PolicyView of(CommunicationPolicy p) {
            return new PolicyView(
                    p.getId(),
                    p.getVersion(),
                    p.getClinicianId() == null ? "PRACTICE" : "CLINICIAN",
                    p.getClinicianId(),
                    p.getDocument(),
                    p.getOverrides(),
                    p.isClientFacingChange(),
                    p.getCreatedAt(),
                    p.getCreatedBy());
        }
    }

    record ChangeView(PolicyView policy, List<PolicyView> clinicianVersionsRebuilt) {

        static ChangeView of(PolicyService.PolicyChange change) {
            return new ChangeView(
                    PolicyView.of(change.policy()),
                    change.alsoCreated().stream().map(PolicyView::of).toList());
        }
    }

    private UUID practiceOf(Authentication auth) {
        return staff.findByUsername(auth.getName())
                .orElseThrow(() -> new AccessDeniedException("not a member of a practice"))
                .getPracticeId();
    }

    private Clinician clinician(String username, Authentication auth) {
        Clinician clinician = clinicians
                .findByUsername(username)
                .filter(c -> c.getPracticeId().equals(practiceOf(auth)))
                .orElseThrow(() -> new NotFoundException("username", "No clinician '" + username + "'"));
        return clinician;
    }
}
