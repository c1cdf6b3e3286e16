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

  PolicyService(CommunicationPolicyRepository policies, PolicyVersionRepository versions,
      ClinicianRepository clinicians, ClientRepository clients, AuditTrail audit,
      ApplicationEventPublisher events, Clock clock) {
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
  public ClientPolicyDocument.Rendered render(Client client, CommunicationPolicy policy,
      String language) {
    return ClientPolicyDocument.render(policy.getVersion(), policy.getDocument(), language,
        fallbackHours(clinician(client.getClinicianId())));
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
  public PolicyChange changePracticeDefault(UUID practiceId, int basedOnVersion,
      PolicyDocument document, String actor) {
    PolicyValidator.check(document, "document.", clients.languagesInPractice(practiceId));
    versions.lockPractice(practiceId.toString());
    CommunicationPolicy current = practiceDefault(practiceId);
    if (current.getVersion() != basedOnVersion) {
      throw new ConflictException("The practice policy is at version " + current.getVersion()
          + ", not " + basedOnVersion + ": reload it and apply your change again");
    }
    int next = versions.maxVersion(practiceId) + 1;
    CommunicationPolicy saved = save(CommunicationPolicy.newVersion(practiceId, null, next,
        document, null, clientFacingChange(current.getDocument(), document), actor,
        clock.instant()), current);
    List<CommunicationPolicy> rebuilt = new ArrayList<>();
    for (CommunicationPolicy latest : latestClinicianVersions(practiceId)) {
      PolicyDocument merged = document.overriddenBy(latest.getOverrides());
      if (!merged.equals(latest.getDocument())) {
        next++;
        rebuilt.add(save(CommunicationPolicy.newVersion(practiceId, latest.getClinicianId(), next,
            merged, latest.getOverrides(), clientFacingChange(latest.getDocument(), merged),
            actor, clock.instant()), latest));
      }
    }
    return new PolicyChange(saved, rebuilt);
  }

  /**
   * Saves a new version of one clinician's policy: the practice default with {@code overrides}
   * (top-level parts; null parts inherited).
   */
  @Transactional
  public PolicyChange changeClinicianOverrides(UUID clinicianId, int basedOnVersion,
      PolicyDocument overrides, String actor) {
    Objects.requireNonNull(overrides, "overrides");
    Clinician clinician = clinician(clinicianId);
    versions.lockPractice(clinician.getPracticeId().toString());
    CommunicationPolicy practice = practiceDefault(clinician.getPracticeId());
    PolicyDocument merged = practice.getDocument().overriddenBy(overrides);
    PolicyValidator.check(merged, "overrides.",
        clients.languagesInPractice(clinician.getPracticeId()));
    CommunicationPolicy current = effectiveFor(clinician);
    if (current.getVersion() != basedOnVersion) {
      throw new ConflictException("This clinician's policy is at version " + current.getVersion()
          + ", not " + basedOnVersion + ": reload it and apply your change again");
    }
    int next = versions.maxVersion(clinician.getPracticeId()) + 1;
    CommunicationPolicy saved = save(CommunicationPolicy.newVersion(clinician.getPracticeId(),
        clinicianId, next, merged, overrides,
        clientFacingChange(current.getDocument(), merged), actor, clock.instant()), current);
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
    audit.record(saved.getCreatedBy(), "POLICY_VERSION_CREATED", "POLICY",
        saved.getPracticeId(), details);
    events.publishEvent(new PolicyVersionCreated(saved));
    return saved;
  }

  /** Client-facing means: the document a client reads is different (in either language). */
  static boolean clientFacingChange(PolicyDocument before, PolicyDocument after) {
    for (String lang : ClientPolicyDocument.LANGUAGES) {
      if (!ClientPolicyDocument.render(0, before, lang, null).text()
          .equals(ClientPolicyDocument.render(0, after, lang, null).text())) {
        return true;
      }
    }
    return false;
  }

  private List<CommunicationPolicy> latestClinicianVersions(UUID practiceId) {
    Map<UUID, CommunicationPolicy> latest = new LinkedHashMap<>();
    for (CommunicationPolicy p : versions.findByPracticeIdAndClinicianIdIsNotNullOrderByVersionAsc(
        practiceId)) {
      latest.put(p.getClinicianId(), p);
    }
    return new ArrayList<>(latest.values());
  }

  private Clinician clinician(UUID clinicianId) {
    return clinicians.findById(clinicianId)
        .orElseThrow(() -> new NotFoundException("clinician", "No clinician with this id"));
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
