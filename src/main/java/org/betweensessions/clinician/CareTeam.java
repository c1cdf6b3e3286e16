package org.betweensessions.clinician;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.security.StaffRole;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who is responsible for a client's message right now: the clinician, or the covering colleague
 * while the clinician is on leave; who a crisis escalates to; who handles administration.
 */
@Service
public class CareTeam {

    private final ClinicianRepository clinicians;
    private final ClinicianLeaveRepository leaves;
    private final StaffMemberRepository staff;
    private final Clock clock;

    CareTeam(
            ClinicianRepository clinicians, ClinicianLeaveRepository leaves, StaffMemberRepository staff, Clock clock) {
        this.clinicians = clinicians;
        this.leaves = leaves;
        this.staff = staff;
        this.clock = clock;
    }

    /**
     * @param responsible who answers now (the covering colleague during leave)
     * @param ownClinician the client's own clinician
     * @param onLeave whether the own clinician is on leave today (in their time zone)
     * @param escalation who a crisis escalates to first: the leave cover's backup, else the backup;
     *     never the clinician who is away (then the supervisor is next)
     * @param answerer who answers now: the responsible clinician, or the supervisor when the covering
     *     colleague became unavailable during the leave
     * @param leave the leave in force today, if any
     */
    public record Team(
            Clinician responsible,
            Clinician ownClinician,
            boolean onLeave,
            Optional<Clinician> escalation,
            String supervisor,
            String coordinator,
            String answerer,
            Optional<ClinicianLeave> leave) {

        /**
         * Who answers a message of {@code category}: the answerer, or during a leave whose coverage
         * keeps this category for the return, the clinician (due on their calendar, after the leave).
         */
        public Clinician answersCategory(String category) {
            return leave.map(l -> l.routeFor(category))
                            .filter(ClinicianLeave.ROUTE_AFTER_RETURN::equals)
                            .isPresent()
                    ? ownClinician
                    : responsible;
        }

        public String answererOf(String category) {
            Clinician who = answersCategory(category);
            return who == ownClinician ? ownClinician.getUsername() : answerer;
        }

        /** True if messages of this category wait for the clinician's return. */
        public boolean waitsForReturn(String category) {
            return onLeave && answersCategory(category) == ownClinician;
        }
    }

    @Transactional(readOnly = true)
    public Team forClinician(UUID clinicianId, UUID practiceId) {
        Clinician own = clinicians.findById(clinicianId).orElseThrow();
        Optional<ClinicianLeave> leave = leaveToday(own);
        Clinician responsible = coverOrOwn(own, leave);
        Optional<Clinician> escalation = Optional.ofNullable(responsible.getBackupClinicianId())
                .flatMap(clinicians::findById)
                .filter(c -> !c.getId().equals(responsible.getId()))
                // The clinician who is away is nobody's escalation: the supervisor comes next.
                .filter(c -> leave.isEmpty() || !c.getId().equals(own.getId()));
        if (escalation.isEmpty() && leave.isEmpty() && own.getBackupClinicianId() != null) {
            escalation = clinicians.findById(own.getBackupClinicianId());
        }
        String supervisor = staffWith(practiceId, StaffRole.SUPERVISOR);
        String answerer = leave.map(ClinicianLeave::getCoverUsername).orElse(responsible.getUsername());
        if (leave.map(ClinicianLeave::getCoverUsername).isPresent()) {
            escalation = Optional.empty(); // the supervisor answers already: escalation is the supervisor
        }
        return new Team(
                responsible,
                own,
                leave.isPresent(),
                escalation,
                supervisor,
                staffWith(practiceId, StaffRole.COORDINATOR),
                answerer,
                leave);
    }

    /**
     * Who answers for {@code clinicianId}'s clients today: the clinician, or the covering clinician
     * during leave. The crisis path's lookup (two queries instead of the whole team's five).
     */
    @Transactional(readOnly = true)
    public String responsibleFor(UUID clinicianId) {
        Clinician own = clinicians.findById(clinicianId).orElseThrow();
        if (own.getStaffMember().hasLeft()) {
            // A former client's clinician who has left the practice: the supervisor answers for them.
            return staffWith(own.getPracticeId(), StaffRole.SUPERVISOR);
        }
        Optional<ClinicianLeave> leave = leaveToday(own);
        return leave.map(ClinicianLeave::getCoverUsername)
                .orElseGet(() -> coverOrOwn(own, leave).getUsername());
    }

    /**
     * The covering clinician of the first leave of {@code clinicianId} that overlaps the days
     * {@code from} to {@code to} (inclusive), if any: a scheduled contact that the clinician's leave
     * would push back is kept on its day with the covering clinician instead.
     */
    @Transactional(readOnly = true)
    public Optional<Clinician> coveringBetween(UUID clinicianId, LocalDate from, LocalDate to) {
        return leaves.findByClinicianId(clinicianId).stream()
                .filter(l -> !l.getStartsOn().isAfter(to) && !l.getEndsOn().isBefore(from))
                .min(Comparator.comparing(ClinicianLeave::getStartsOn))
                .flatMap(l -> clinicians.findById(l.getCoveringClinicianId()));
    }

    private Optional<ClinicianLeave> leaveToday(Clinician own) {
        LocalDate today = clock.instant().atZone(own.getTimeZone()).toLocalDate();
        return leaves.findOnLeave(own.getId(), today);
    }

    private Clinician coverOrOwn(Clinician own, Optional<ClinicianLeave> leave) {
        return leave.flatMap(l -> clinicians.findById(l.getCoveringClinicianId()))
                .orElse(own);
    }

    /** For messages nobody could match to a client: the practice's coordinator and supervisor. */
    @Transactional(readOnly = true)
    public String supervisorOf(UUID practiceId) {
        return staffWith(practiceId, StaffRole.SUPERVISOR);
    }

    @Transactional(readOnly = true)
    public String coordinatorOf(UUID practiceId) {
        return staffWith(practiceId, StaffRole.COORDINATOR);
    }

    private String staffWith(UUID practiceId, StaffRole role) {
        return staff.findAll().stream()
                .filter(s -> s.getRole() == role
                        && !s.hasLeft()
                        && (practiceId == null || s.getPracticeId().equals(practiceId)))
                .map(StaffMember::getUsername)
                .sorted()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The practice has no " + role));
    }
}
