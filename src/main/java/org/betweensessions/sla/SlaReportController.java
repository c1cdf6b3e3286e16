package org.betweensessions.sla;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Response SLA reports for supervisors and admins. {@code from} and {@code to} are ISO instants
 * ({@code 2026-11-23T14:00:00Z}) or local dates in the practice's time zone ({@code to} inclusive);
 * both default to the last 30 days. Supervisors and admins only (403 for everyone else).
 */
@RestController
@RequestMapping("/api/sla")
class SlaReportController {

    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private final SlaReports reports;
    private final ClinicianRepository clinicians;
    private final PracticeRepository practices;
    private final Clock clock;

    SlaReportController(SlaReports reports, ClinicianRepository clinicians, PracticeRepository practices, Clock clock) {
        this.reports = reports;
        this.clinicians = clinicians;
        this.practices = practices;
        this.clock = clock;
    }

    record Period(Instant from, Instant to) {}

    record BreachReport(Instant from, Instant to, UUID clinicianId, int count, List<SlaReports.Breach> breaches) {}

    record SummaryReport(Instant from, Instant to, UUID clinicianId, List<SlaReports.SummaryRow> rows) {}

    @GetMapping("/breaches")
    BreachReport breaches(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) UUID clinicianId,
            Authentication auth) {
        requireSupervisorOrAdmin(auth);
        Period period = period(from, to);
        checkClinician(clinicianId);
        List<SlaReports.Breach> breaches = reports.breaches(period.from(), period.to(), clinicianId);
        return new BreachReport(period.from(), period.to(), clinicianId, breaches.size(), breaches);
    }

    @GetMapping("/summary")
    SummaryReport summary(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) UUID clinicianId,
            Authentication auth) {
        requireSupervisorOrAdmin(auth);
        Period period = period(from, to);
        checkClinician(clinicianId);
        return new SummaryReport(
                period.from(), period.to(), clinicianId, reports.summary(period.from(), period.to(), clinicianId));
    }

    private static void requireSupervisorOrAdmin(Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.SUPERVISOR) && !user.is(StaffRole.ADMIN)) {
            throw new AccessDeniedException("SLA reports are for supervisors and admins");
        }
    }

    private void checkClinician(UUID clinicianId) {
        if (clinicianId != null && !clinicians.existsById(clinicianId)) {
            throw new NotFoundException("clinicianId", "No clinician with this id");
        }
    }

    private Period period(String from, String to) {
        Instant now = clock.instant();
        Instant end = to == null ? now : parse("to", to, true);
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : parse("from", from, false);
        if (!start.isBefore(end)) {
            throw new BadPeriod("from", "from must be before to");
        }
        return new Period(start, end);
    }

    private Instant parse(String field, String value, boolean endOfDay) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                LocalDate date = LocalDate.parse(value);
                ZoneId zone = practices
                        .findFirstByOrderByCreatedAtAsc()
                        .map(p -> p.getTimeZone())
                        .orElse(ZoneId.of("UTC"));
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new BadPeriod(
                        field,
                        "Value '" + value + "' is not an ISO date (2026-11-23) or " + "instant (2026-11-23T14:00:00Z)");
            }
        }
    }

    /** A bad query parameter: 400 (the request itself is malformed), naming the field. */
    static class BadPeriod extends RuntimeException {

        private final String field;

        BadPeriod(String field, String detail) {
            super(detail);
            this.field = field;
        }
    }

    @ExceptionHandler(BadPeriod.class)
    ResponseEntity<ProblemDetail> badPeriod(BadPeriod e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setType(URI.create("about:blank"));
        problem.setProperty("errors", List.of(Map.of("field", e.field, "message", e.getMessage())));
        return ResponseEntity.badRequest().body(problem);
    }
}
