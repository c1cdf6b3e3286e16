package org.betweensessions.clinician;

import java.time.Clock;
import java.time.LocalDate;
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

  CareTeam(ClinicianRepository clinicians, ClinicianLeaveRepository leaves,
      StaffMemberRepository staff, Clock clock) {
    this.clinicians = clinicians;
    this.leaves = leaves;
    this.staff = staff;
    this.clock = clock;
  }

  /**
   * @param responsible who answers now (the covering colleague during leave)
   * @param ownClinician the client's own clinician
   * @param onLeave whether the own clinician is on leave today (in their time zone)
   * @param escalation who a crisis escalates to first: the leave cover's backup, else the backup
   */
  public record Team(Clinician responsible, Clinician ownClinician, boolean onLeave,
      Optional<Clinician> escalation, String supervisor, String coordinator) {}

  @Transactional(readOnly = true)
  public Team forClinician(UUID clinicianId, UUID practiceId) {
    Clinician own = clinicians.findById(clinicianId).orElseThrow();
    Optional<ClinicianLeave> leave = leaveToday(own);
    Clinician responsible = coverOrOwn(own, leave);
    Optional<Clinician> escalation = Optional.ofNullable(responsible.getBackupClinicianId())
        .flatMap(clinicians::findById)
        .filter(c -> !c.getId().equals(responsible.getId()));
    if (escalation.isEmpty() && leave.isEmpty() && own.getBackupClinicianId() != null) {
      escalation = clinicians.findById(own.getBackupClinicianId());
    }
    return new Team(responsible, own, leave.isPresent(), escalation, staffWith(practiceId,
        StaffRole.SUPERVISOR), staffWith(practiceId, StaffRole.COORDINATOR));
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
    return coverOrOwn(own, leaveToday(own)).getUsername();
  }

  private Optional<ClinicianLeave> leaveToday(Clinician own) {
    LocalDate today = clock.instant().atZone(own.getTimeZone()).toLocalDate();
    return leaves.findOnLeave(own.getId(), today);
  }

  private Clinician coverOrOwn(Clinician own, Optional<ClinicianLeave> leave) {
    return leave.flatMap(l -> clinicians.findById(l.getCoveringClinicianId())).orElse(own);
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
        .filter(s -> s.getRole() == role && (practiceId == null
            || s.getPracticeId().equals(practiceId)))
        .map(StaffMember::getUsername)
        .sorted()
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("The practice has no " + role));
  }
}
