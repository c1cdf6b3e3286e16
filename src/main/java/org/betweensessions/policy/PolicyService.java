package org.betweensessions.policy;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The versioned communication policy: a practice default, and per clinician an optional set of
 * overrides applied on top of it. A client's effective policy is one stored version (the clinician's
 * if they have overrides, else the practice default), so a consent pins exactly what the client read.
 */
@Service
public class PolicyService {

    private final CommunicationPolicyRepository policies;
    private final PolicyVersionRepository versions;
    private final ClinicianRepository clinicians;
    private final ClientRepository clients;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ContactExceptions contactExceptions;

    PolicyService(
            CommunicationPolicyRepository policies,
            PolicyVersionRepository versions,
            ClinicianRepository clinicians,
            ClientRepository clients,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Clock clock,
            ContactExceptions contactExceptions) {
        this.contactExceptions = contactExceptions;
        this.policies = policies;
        this.versions = versions;
        this.clinicians = clinicians;
        this.clients = clients;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public CommunicationPolicy practiceDefault(UUID practiceId) {
        return policies.findFirstByPracticeIdAndClinicianIdIsNullOrderByVersionDesc(practiceId)
                .orElseThrow(() -> new NotFoundException("practice", "The practice has no policy yet"));
    }

    @Transactional(readOnly = true)
    public Optional<CommunicationPolicy> clinicianVersion(Clinician clinician) {
        return policies.findFirstByPracticeIdAndClinicianIdOrderByVersionDesc(
                clinician.getPracticeId(), clinician.getId());
    }

    /** What this clinician's clients agree to: their overrides if any, else the practice default. */
    @Transactional(readOnly = true)
    public CommunicationPolicy effectiveFor(Clinician clinician) {
        return clinicianVersion(clinician).orElseGet(() -> practiceDefault(clinician.getPracticeId()));
    }

    @Transactional(readOnly = true)
    public CommunicationPolicy effectiveFor(Client client) {
        return effectiveFor(clinician(client.getClinicianId()));
    }

    @Transactional(readOnly = true)
    public ClientPolicyDocument.Rendered render(Client client, CommunicationPolicy policy, String language) {
        Clinician clinician = clinician(client.getClinicianId());
        return ClientPolicyDocument.render(
                policy.getVersion(),
                policy.getDocument(),
                language,
                fallbackHours(clinician),
                covering(clinician),
                contactExceptions.inForce(client, ClientPolicyDocument.language(language)));
    }

    @Transactional(readOnly = true)
    public List<CommunicationPolicy> history(UUID practiceId) {
        return versions.findByPracticeIdOrderByVersionDesc(practiceId);
    }

    public record PolicyChange(CommunicationPolicy policy, List<CommunicationPolicy> alsoCreated) {}

    /**
     * Saves a new practice default (never edits an old one). Clinicians with overrides get a new version
     * too, rebuilt on the new default, so their clients also see the change.
     *
     * @param basedOnVersion the version the editor started from; 409 when someone saved in between
     */
    @Transactional
    public PolicyChange changePracticeDefault(
            UUID practiceId, int basedOnVersion, PolicyDocument document, String actor) {
        PolicyValidator.check(document, "document.", clients.languagesInPractice(practiceId));
        checkCovering(
                document,
                clinicians.findAll().stream()
                        .filter(c -> c.getPracticeId().equals(practiceId))
                        .toList(),
                "document.");
        versions.lockPractice(practiceId.toString());
        Optional<CommunicationPolicy> existing =
                policies.findFirstByPracticeIdAndClinicianIdIsNullOrderByVersionDesc(practiceId);
        if (existing.isEmpty()) {
            // A new practice (production: created from its settings and staff list) writes its first
            // policy with basedOnVersion 0; no client can have agreed to anything yet.
            if (basedOnVersion != 0) {
                throw new ConflictException(
                        "The practice has no policy yet: send basedOnVersion 0 to" + " write its first version");
            }
            CommunicationPolicy first = policies.saveAndFlush(CommunicationPolicy.newVersion(
                    practiceId,
                    null,
                    versions.maxVersion(practiceId) + 1,
                    document,
                    null,
                    false,
                    actor,
                    clock.instant()));
            audit.record(
                    actor,
                    "POLICY_VERSION_CREATED",
                    "POLICY",
                    practiceId,
                    Map.of("version", first.getVersion(), "scope", "PRACTICE", "clientFacingChange", false));
            events.publishEvent(new PolicyVersionCreated(first));
            return new PolicyChange(first, List.of());
        }
        CommunicationPolicy current = existing.get();
        if (current.getVersion() != basedOnVersion) {
            throw new ConflictException("The practice policy is at version " + current.getVersion() + ", not "
                    + basedOnVersion + ": reload it and apply your change again");
        }
        int next = versions.maxVersion(practiceId) + 1;
        CommunicationPolicy saved = save(
                CommunicationPolicy.newVersion(
                        practiceId,
                        null,
                        next,
                        document,
                        null,
                        clientFacingChange(current.getDocument(), document),
                        actor,
                        clock.instant()),
                current);
        List<CommunicationPolicy> rebuilt = new ArrayList<>();
        for (CommunicationPolicy latest : latestClinicianVersions(practiceId)) {
            PolicyDocument merged = document.overriddenBy(latest.getOverrides());
            if (!merged.equals(latest.getDocument())) {
                next++;
                rebuilt.add(save(
                        CommunicationPolicy.newVersion(
                                practiceId,
                                latest.getClinicianId(),
                                next,
                                merged,
                                latest.getOverrides(),
                                clientFacingChange(latest.getDocument(), merged),
                                actor,
                                clock.instant()),
                        latest));
            }
        }
        return new PolicyChange(saved, rebuilt);
    }

    /**
     * Saves a new version of one clinician's policy: the practice default with {@code overrides}
     * (top-level parts; null parts inherited).
     */
    @Transactional
    public PolicyChange changeClinicianOverrides(
            UUID clinicianId, int basedOnVersion, PolicyDocument overrides, String actor) {
        Objects.requireNonNull(overrides, "overrides");
        Clinician clinician = clinician(clinicianId);
        versions.lockPractice(clinician.getPracticeId().toString());
        CommunicationPolicy practice = practiceDefault(clinician.getPracticeId());
        PolicyDocument merged = practice.getDocument().overriddenBy(overrides);
        PolicyValidator.check(merged, "overrides.", clients.languagesInPractice(clinician.getPracticeId()));
        checkCovering(merged, List.of(clinician), "overrides.");
        CommunicationPolicy current = effectiveFor(clinician);
        if (current.getVersion() != basedOnVersion) {
            throw new ConflictException("This clinician's policy is at version " + current.getVersion() + ", not "
                    + basedOnVersion + ": reload it and apply your change again");
        }
        int next = versions.maxVersion(clinician.getPracticeId()) + 1;
        CommunicationPolicy saved = save(
                CommunicationPolicy.newVersion(
                        clinician.getPracticeId(),
                        clinicianId,
                        next,
                        merged,
                        overrides,
                        clientFacingChange(current.getDocument(), merged),
                        actor,
                        clock.instant()),
                current);
        return new PolicyChange(saved, List.of());
    }

    private CommunicationPolicy save(CommunicationPolicy policy, CommunicationPolicy previous) {
        CommunicationPolicy saved = policies.saveAndFlush(policy);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", saved.getVersion());
        details.put("previousVersion", previous.getVersion());
        details.put("scope", saved.getClinicianId() == null ? "PRACTICE" : "CLINICIAN");
        if (saved.getClinicianId() != null) {
            details.put("clinicianId", saved.getClinicianId().toString());
        }
        details.put("clientFacingChange", saved.isClientFacingChange());
        audit.record(saved.getCreatedBy(), "POLICY_VERSION_CREATED", "POLICY", saved.getPracticeId(), details);
        events.publishEvent(new PolicyVersionCreated(saved));
        return saved;
    }

    /** Client-facing means: the document a client reads is different (in either language). */
    static boolean clientFacingChange(PolicyDocument before, PolicyDocument after) {
        for (String lang : ClientPolicyDocument.LANGUAGES) {
            // Someone to name, so naming the covering clinician (or not) counts as a change.
            var covering = new ClientPolicyDocument.CoveringClinician("covering", "contact");
            if (!ClientPolicyDocument.render(0, before, lang, null, covering)
                    .text()
                    .equals(ClientPolicyDocument.render(0, after, lang, null, covering)
                            .text())) {
                return true;
            }
        }
        return false;
    }

    private List<CommunicationPolicy> latestClinicianVersions(UUID practiceId) {
        Map<UUID, CommunicationPolicy> latest = new LinkedHashMap<>();
        for (CommunicationPolicy p : versions.findByPracticeIdAndClinicianIdIsNotNullOrderByVersionAsc(practiceId)) {
            latest.put(p.getClinicianId(), p);
        }
        return new ArrayList<>(latest.values());
    }

    private Clinician clinician(UUID clinicianId) {
        return clinicians
                .findById(clinicianId)
                .orElseThrow(() -> new NotFoundException("clinician", "No clinician with this id"));
    }

    /** The clinician's backup, as the client document names them; null when there is none. */
    ClientPolicyDocument.CoveringClinician covering(Clinician clinician) {
        if (clinician.getBackupClinicianId() == null) {
            return null;
        }
        return clinicians
                .findById(clinician.getBackupClinicianId())
                .map(b -> new ClientPolicyDocument.CoveringClinician(
                        b.getStaffMember().getDisplayName(), b.getWorkPhone()))
                .orElse(null);
    }

    /**
     * A policy that names the covering clinician needs one for each clinician it applies to (400 on
     * {@code <prefix>crisis.namesCoveringClinician} naming who has none).
     */
    private void checkCovering(PolicyDocument document, List<Clinician> appliesTo, String prefix) {
        if (document.crisis() == null || !document.crisis().namesCoveringClinician()) {
            return;
        }
        // A clinician who has left the practice covers no one and needs no cover.
        List<String> without = appliesTo.stream()
                .filter(c -> !c.getStaffMember().hasLeft())
                .filter(c -> covering(c) == null)
                .map(Clinician::getUsername)
                .toList();
        if (!without.isEmpty()) {
            throw new InvalidPolicyException(List.of(new InvalidPolicyException.FieldError(
                    prefix + "crisis.namesCoveringClinician",
                    "No covering (backup) clinician set for " + without + ": set one, or do not name it")));
        }
    }

    static ClientPolicyDocument.FallbackHours fallbackHours(Clinician clinician) {
        Map<DayOfWeek, List<LocalTime[]>> hours = new TreeMap<>();
        for (Clinician.OfficeHours h : clinician.getOfficeHours()) {
            hours.computeIfAbsent(DayOfWeek.of(h.dayOfWeek()), d -> new ArrayList<>())
                    .add(new LocalTime[] {h.opensAt(), h.closesAt()});
        }
        return new ClientPolicyDocument.FallbackHours(clinician.getTimeZone(), hours);
    }
}
