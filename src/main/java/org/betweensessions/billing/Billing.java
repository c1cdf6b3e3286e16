package org.betweensessions.billing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.security.CurrentUser;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Time spent on between-session work and what the practice bills for it: recorded once per message
 * and kind (a job delivered twice records once), units by the client's policy at that time, listed
 * per client and month in the client's clinician's time zone. Never any text.
 */
@Service
public class Billing {

    public static final int MAX_MINUTES = 600;

    private final TimeSpentRepository times;
    private final MessageRepository messages;
    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final ClientAccess access;
    private final PolicyService policies;
    private final AuditTrail audit;
    private final Clock clock;

    Billing(
            TimeSpentRepository times,
            MessageRepository messages,
            ClientRepository clients,
            ClinicianRepository clinicians,
            ClientAccess access,
            PolicyService policies,
            AuditTrail audit,
            Clock clock) {
        this.times = times;
        this.messages = messages;
        this.clients = clients;
        this.clinicians = clinicians;
        this.access = access;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records the minutes {@code by} spent on the message (its answer, or the crisis). Null minutes
     * record nothing. Once per message and kind: a second call returns the first record.
     */
    @Transactional
    public Optional<TimeSpent> record(UUID messageId, TimeSpent.Kind kind, String by, Integer minutes) {
        if (minutes == null) {
            return Optional.empty();
        }
        var existing = times.findByMessageIdAndKind(messageId, kind.name());
        if (existing.isPresent()) {
            return existing;
        }
        int m = Math.max(0, Math.min(MAX_MINUTES, minutes));
        Message message = messages.findById(messageId).orElseThrow();
        String category = kind == TimeSpent.Kind.CRISIS
                ? "CRISIS"
                : message.getCategory() == null ? "UNCLASSIFIED" : message.getCategory();
        Optional<Client> client = Optional.ofNullable(message.getClientId()).flatMap(clients::findById);
        Optional<CommunicationPolicy> policy = client.map(policies::effectiveFor);
        var rule = policy.map(p -> p.getDocument().billing()).orElse(null);
        int units = BillableUnits.of(rule, category, m);
        try {
            TimeSpent saved = times.saveAndFlush(new TimeSpent(
                    messageId,
                    message.getClientId(),
                    kind,
                    category,
                    by == null ? "unknown" : by,
                    clock.instant(),
                    m,
                    units,
                    policy.map(CommunicationPolicy::getVersion).orElse(null),
                    rule == null ? null : rule.billableAfterMinutes(),
                    rule == null ? null : rule.incrementMinutes()));
            audit.record(
                    by == null ? "engine" : by,
                    "TIME_SPENT_RECORDED",
                    "MESSAGE",
                    messageId,
                    Map.of("kind", kind.name(), "minutes", m, "billableUnits", units));
            return Optional.of(saved);
        } catch (DataIntegrityViolationException recordedMeanwhile) {
            return times.findByMessageIdAndKind(messageId, kind.name());
        }
    }

    /** One line of the billing list: no text, no message id. */
    public record Line(
            LocalDate date,
            Instant at,
            String kind,
            String category,
            int minutes,
            int billableUnits,
            String recordedBy) {}

    public record Month(
            UUID clientId,
            String clientName,
            YearMonth month,
            String timeZone,
            List<Line> lines,
            int totalMinutes,
            int totalBillableUnits) {}

    /**
     * The client's time spent in one month ({@code yyyy-MM}; empty: this month), in the client's
     * clinician's time zone. 404 outside the practice, 403 another clinician's client.
     */
    @Transactional(readOnly = true)
    public Month month(UUID clientId, String month, CurrentUser user) {
        Client client = access.clientFor(clientId, user);
        ZoneId zone = Optional.ofNullable(client.getClinicianId())
                .flatMap(clinicians::findById)
                .map(Clinician::getTimeZone)
                .orElse(ZoneId.of("UTC"));
        YearMonth ym;
        try {
            ym = month == null || month.isBlank()
                    ? YearMonth.from(clock.instant().atZone(zone))
                    : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("month", "month must be a year and month like 2026-12");
        }
        Instant from = ym.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = ym.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        List<Line> lines = times
                .findByClientIdAndSpentAtGreaterThanEqualAndSpentAtLessThanOrderBySpentAtAsc(clientId, from, to)
                .stream()
                .map(t -> new Line(
                        t.getSpentAt().atZone(zone).toLocalDate(),
                        t.getSpentAt(),
                        t.getKind(),
                        t.getCategory(),
                        t.getMinutes(),
                        t.getBillableUnits(),
                        t.getRecordedBy()))
                .toList();
        return new Month(
                clientId,
                client.getDisplayName(),
                ym,
                zone.getId(),
                lines,
                lines.stream().mapToInt(Line::minutes).sum(),
                lines.stream().mapToInt(Line::billableUnits).sum());
    }
}
