package org.betweensessions.sla;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The calling clinician's own latest daily digest (today's once it is made): what was due that day and what was overdue, as
 * ids, categories and due times (never message text). Clinicians only, and only their own: the
 * digest is a to-do list, supervisors have the reports.
 */
@RestController
class SlaDigestController {

    private final SlaDigestRepository digests;
    private final ResponseSlaRepository slas;
    private final ClinicianRepository clinicians;
    private final Clock clock;

    SlaDigestController(
            SlaDigestRepository digests, ResponseSlaRepository slas, ClinicianRepository clinicians, Clock clock) {
        this.digests = digests;
        this.slas = slas;
        this.clinicians = clinicians;
        this.clock = clock;
    }

    record Item(UUID messageId, UUID clientId, String category, Instant dueAt, boolean overdue, boolean answered) {}

    record DigestView(LocalDate date, Instant sentAt, int dueToday, int overdue, List<Item> items) {}

    @GetMapping("/api/sla/digest")
    @Transactional(readOnly = true)
    DigestView digest(Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.CLINICIAN)) {
            throw new AccessDeniedException("The daily digest is the clinician's own");
        }
        Clinician clinician = clinicians
                .findByUsername(user.username())
                .orElseThrow(() -> new NotFoundException("clinician", "No clinician record for " + user.username()));
        LocalDate today = clock.instant().atZone(clinician.getTimeZone()).toLocalDate();
        SlaDigest digest = digests.findFirstByIdClinicianIdAndIdDigestDateLessThanEqualOrderByIdDigestDateDesc(
                        clinician.getId(), today)
                .orElseThrow(() -> new NotFoundException(
                        "digest", "No daily digest yet: it is made at " + "the start of your office hours"));
        List<UUID> ids =
                digest.getMessageIds() == null || digest.getMessageIds().isBlank()
                        ? List.of()
                        : Arrays.stream(digest.getMessageIds().split(","))
                                .map(UUID::fromString)
                                .toList();
        Map<UUID, ResponseSla> rows = slas.findAllById(ids).stream()
                .collect(Collectors.toMap(ResponseSla::getMessageId, Function.identity()));
        List<Item> items = ids.stream()
                .filter(rows::containsKey)
                .map(rows::get)
                .map(s -> new Item(
                        s.getMessageId(),
                        s.getClientId(),
                        s.getCategory(),
                        s.getDueAt(),
                        s.getDueAt().isBefore(digest.getSentAt()),
                        s.getAnsweredAt() != null))
                .toList();
        return new DigestView(
                digest.getId().digestDate(), digest.getSentAt(), digest.getDueToday(), digest.getOverdue(), items);
    }
}
