package org.betweensessions.sla;

import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.calendar.ResponseWindow;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.policy.Policies;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.templates.TemplateBank;
import org.betweensessions.triage.TriageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Availability creep: "If you respond immediately to a message one time, that exception becomes the
 * new expected standard." When a clinician's recent answers are repeatedly outside office hours or far
 * faster than the stated window, the clinician gets a gentle prompt (a Tasklist task in the
 * availability-reset-prompt process) with the seeds' reset language. At most one prompt per cool-down.
 */
@Service
public class AvailabilityCreep {

    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityCreep.class);

    public static final String OUTSIDE_OFFICE_HOURS = "OUTSIDE_OFFICE_HOURS";
    public static final String FAST_ANSWERS = "FAST_ANSWERS";

    private final ResponseSlaRepository slas;
    private final AvailabilityPromptRepository prompts;
    private final ClinicianRepository clinicians;
    private final Policies policies;
    private final TemplateBank templates;
    private final TriageProperties triage;
    private final SlaProperties properties;
    private final SlaMetrics metrics;
    private final AuditTrail audit;
    private final CamundaClient camunda;
    private final TransactionTemplate tx;
    private final Clock clock;

    AvailabilityCreep(
            ResponseSlaRepository slas,
            AvailabilityPromptRepository prompts,
            ClinicianRepository clinicians,
            Policies policies,
            TemplateBank templates,
            TriageProperties triage,
            SlaProperties properties,
            SlaMetrics metrics,
            AuditTrail audit,
            CamundaClient camunda,
            TransactionTemplate tx,
            Clock clock) {
        this.slas = slas;
        this.prompts = prompts;
        this.clinicians = clinicians;
        this.policies = policies;
        this.templates = templates;
        this.triage = triage;
        this.properties = properties;
        this.metrics = metrics;
        this.audit = audit;
        this.camunda = camunda;
        this.tx = tx;
        this.clock = clock;
    }

    /** How the clinician's answers in the lookback period compare with the stated window. */
    public record Drift(int answers, int outsideOfficeHours, int fastAnswers) {}

    public Drift drift(String username) {
        Instant since = clock.instant().minus(properties.creep().lookback());
        List<ResponseSla> answered = slas.findAnsweredBySince(username, since);
        int outside = 0;
        int fast = 0;
        for (ResponseSla sla : answered) {
            if (Boolean.TRUE.equals(sla.getOutsideOfficeHours())) {
                outside++;
            }
            if (sla.getBusinessSeconds() != null
                    && sla.getBusinessSeconds() <= properties.creep().fastAnswerShare() * sla.getWindowSeconds()) {
                fast++;
            }
        }
        return new Drift(answered.size(), outside, fast);
    }

    /**
     * Best effort, after each answer and once a day: never fails the caller (the reply is already
     * stored). Returns the prompt it started, if any.
     */
    public Optional<AvailabilityPrompt> check(String username) {
        try {
            return checkOrThrow(username);
        } catch (RuntimeException e) {
            LOG.warn("Availability check for {} failed; the daily pass tries again: {}", username, e.getMessage());
            return Optional.empty();
        }
    }

    Optional<AvailabilityPrompt> checkOrThrow(String username) {
        Optional<Clinician> clinician = clinicians.findByUsername(username);
        if (clinician.isEmpty()) {
            return Optional.empty(); // coordinators and supervisors make no promise of their own
        }
        Instant now = clock.instant();
        List<AvailabilityPrompt> recent = prompts.findByClinicianIdAndCreatedAtAfterOrderByCreatedAtDesc(
                clinician.get().getId(), now.minus(properties.creep().cooldown()));
        AvailabilityPrompt prompt;
        if (!recent.isEmpty()) {
            prompt = recent.getFirst();
            if (prompt.getProcessInstanceKey() != null) {
                return Optional.empty(); // prompted within the cool-down
            }
        } else {
            Drift drift = drift(username);
            String reason = reason(drift);
            if (reason == null) {
                return Optional.empty();
            }
            prompt = tx.execute(s -> prompts.save(new AvailabilityPrompt(
                    clinician.get().getId(), now, reason, drift.outsideOfficeHours(), drift.fastAnswers())));
        }
        return Optional.of(start(prompt, clinician.get()));
    }

    private String reason(Drift drift) {
        boolean outside = drift.outsideOfficeHours() >= properties.creep().outsideOfficeHoursThreshold();
        boolean fast = drift.fastAnswers() >= properties.creep().fastAnswerThreshold();
        return outside ? OUTSIDE_OFFICE_HOURS : fast ? FAST_ANSWERS : null;
    }

    /** The template bank key of the reset note for a prompt's reason. */
    static String resetTemplate(String reason) {
        return OUTSIDE_OFFICE_HOURS.equals(reason)
                ? "availability.reset.outside-office-hours"
                : "availability.reset.fast-answers";
    }

    private AvailabilityPrompt start(AvailabilityPrompt prompt, Clinician clinician) {
        PolicyDocument.ResponseWindow promised = policies.effective(clinician.getPracticeId(), clinician.getId())
                .getDocument()
                .responseWindow();
        ResponseWindow window = new ResponseWindow(ResponseWindow.Kind.valueOf(promised.kind()), promised.amount());
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("promptId", prompt.getId().toString());
        variables.put("clinicianId", clinician.getId().toString());
        variables.put("clinicianAssignee", clinician.getUsername());
        variables.put("reason", prompt.getReason());
        variables.put("outsideOfficeHoursCount", prompt.getOutsideHoursCount());
        variables.put("fastAnswerCount", prompt.getFastAnswerCount());
        variables.put("lookbackDays", properties.creep().lookback().toDays());
        // The suggested note is the practice's template, not client data: safe in the engine. One
        // template per reason: late-evening answers and fast answers are different habits to name.
        String template = resetTemplate(prompt.getReason());
        variables.put(
                "resetNoteEn",
                templates.render(
                        template,
                        "en",
                        Map.of(
                                "responseWindow", WindowWording.of(window, "en"),
                                "emergencyNumber", triage.emergencyNumber())));
        variables.put(
                "resetNoteEs",
                templates.render(
                        template,
                        "es",
                        Map.of(
                                "responseWindow", WindowWording.of(window, "es"),
                                "emergencyNumber", triage.emergencyNumber())));
        long key = camunda.newCreateInstanceCommand()
                .bpmnProcessId(ProcessIds.AVAILABILITY_RESET_PROMPT)
                .latestVersion()
                .variables(variables)
                .send()
                .join()
                .getProcessInstanceKey();
        return tx.execute(s -> {
            AvailabilityPrompt stored = prompts.findById(prompt.getId()).orElseThrow();
            stored.started(key);
            audit.record(
                    "sla",
                    "AVAILABILITY_RESET_PROMPTED",
                    "CLINICIAN",
                    clinician.getId(),
                    Map.of(
                            "reason",
                            stored.getReason(),
                            "outsideOfficeHours",
                            stored.getOutsideHoursCount(),
                            "fastAnswers",
                            stored.getFastAnswerCount(),
                            "processInstanceKey",
                            key));
            metrics.availabilityPrompt(stored.getReason());
            return stored;
        });
    }

    /** RecordAvailabilityResetTask: what the clinician chose to do. */
    public void recordOutcome(UUID promptId, String outcome) {
        tx.executeWithoutResult(s -> {
            AvailabilityPrompt prompt = prompts.findById(promptId).orElseThrow();
            prompt.completed(outcome, clock.instant());
            audit.recordOnce(
                    "sla",
                    "AVAILABILITY_RESET_DONE",
                    "AVAILABILITY_PROMPT",
                    promptId,
                    Map.of(
                            "outcome",
                            outcome,
                            "clinicianId",
                            prompt.getClinicianId().toString()));
        });
    }
}
