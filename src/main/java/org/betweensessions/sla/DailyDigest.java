package org.betweensessions.sla;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.notify.Notifier;
import org.betweensessions.notify.StaffNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Set a daily reminder to check and respond to messages": at the start of each clinician's office
 * hours, one digest of what is due today and what is overdue. A scheduler rather than a BPMN timer
 * start event, because every clinician has a different calendar (time zone, office hours, holidays,
 * leave): the scheduler asks each clinician's {@link BusinessCalendar} whether the office is open, and
 * the (clinician, local date) key makes it send once per day however often it looks. The same daily
 * pass re-runs the availability check, in case the check after an answer could not reach the engine.
 */
@Component
public class DailyDigest {

    private static final Logger LOG = LoggerFactory.getLogger(DailyDigest.class);

    private final ClinicianRepository clinicians;
    private final ClinicianCalendars calendars;
    private final ResponseSlaRepository slas;
    private final SlaDigestRepository digests;
    private final AvailabilityCreep creep;
    private final Notifier notifier;
    private final SlaProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    DailyDigest(
            ClinicianRepository clinicians,
            ClinicianCalendars calendars,
            ResponseSlaRepository slas,
            SlaDigestRepository digests,
            AvailabilityCreep creep,
            Notifier notifier,
            SlaProperties properties,
            TransactionTemplate tx,
            Clock clock) {
        this.clinicians = clinicians;
        this.calendars = calendars;
        this.slas = slas;
        this.digests = digests;
        this.creep = creep;
        this.notifier = notifier;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${bsc.sla.digest.check-interval:PT5M}",
            initialDelayString = "${bsc.sla.digest.check-interval:PT5M}")
    public void scheduled() {
        if (properties.digest().enabled()) {
            sendDue();
        }
    }

    /** Sends the digests whose time has come; returns those sent now. */
    public List<SlaDigest> sendDue() {
        List<SlaDigest> sent = new ArrayList<>();
        for (Clinician clinician : clinicians.findAll()) {
            try {
                sendIfDue(clinician).ifPresent(sent::add);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Daily digest for {} not sent; next pass tries again: {}",
                        clinician.getUsername(),
                        e.getMessage());
            }
        }
        return sent;
    }

    Optional<SlaDigest> sendIfDue(Clinician clinician) {
        Instant now = clock.instant();
        BusinessCalendar calendar = calendars.of(clinician);
        if (!calendar.isOpen(now)) {
            return Optional.empty();
        }
        ZoneId zone = calendar.zone();
        LocalDate today = now.atZone(zone).toLocalDate();
        SlaDigest.Key key = new SlaDigest.Key(clinician.getId(), today);
        if (digests.existsById(key)) {
            return Optional.empty();
        }
        Instant endOfToday = today.plusDays(1).atStartOfDay(zone).toInstant();
        SlaDigest digest = tx.execute(s -> {
            if (digests.existsById(key)) {
                return null;
            }
            List<ResponseSla> open = slas.findOpenDueBefore(clinician.getUsername(), endOfToday);
            int overdue =
                    (int) open.stream().filter(o -> o.getDueAt().isBefore(now)).count();
            String ids = open.stream()
                    .limit(100)
                    .map(o -> o.getMessageId().toString())
                    .collect(Collectors.joining(","));
            SlaDigest d = digests.saveAndFlush(
                    new SlaDigest(clinician.getId(), today, now, open.size() - overdue, overdue, ids));
            if (!open.isEmpty()) {
                // One notification per digest: no message id, the count; the list is GET /api/sla/digest.
                notifier.send(new StaffNotification(clinician.getUsername(), "SLA_DIGEST", "INFO", null, open.size()));
            }
            return d;
        });
        creep.check(clinician.getUsername());
        return Optional.ofNullable(digest);
    }
}
