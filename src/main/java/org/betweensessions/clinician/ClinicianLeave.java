package org.betweensessions.clinician;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.LocalDate;
import java.util.UUID;

/** Planned absence with a covering colleague: crisis routing and new work go to the colleague. */
@Entity
public class ClinicianLeave {

  @Id private UUID id;
  private UUID clinicianId;
  private LocalDate startsOn;
  private LocalDate endsOn;
  private UUID coveringClinicianId;

  protected ClinicianLeave() {}

  public ClinicianLeave(UUID clinicianId, LocalDate startsOn, LocalDate endsOn,
      UUID coveringClinicianId) {
    this.id = UUID.randomUUID();
    this.clinicianId = clinicianId;
    this.startsOn = startsOn;
    this.endsOn = endsOn;
    this.coveringClinicianId = coveringClinicianId;
  }

  public UUID getId() {
    return id;
  }

  public UUID getClinicianId() {
    return clinicianId;
  }

  public LocalDate getStartsOn() {
    return startsOn;
  }

  public LocalDate getEndsOn() {
    return endsOn;
  }

  public UUID getCoveringClinicianId() {
    return coveringClinicianId;
  }
}
