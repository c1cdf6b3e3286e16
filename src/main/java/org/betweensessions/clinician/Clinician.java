package org.betweensessions.clinician;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.betweensessions.practice.StaffMember;

/** A therapist: office hours per weekday in their own time zone, and their own days off. */
@Entity
public class Clinician {

    @Id
    private UUID id;

    private UUID practiceId;

    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "staff_member_id")
    private StaffMember staffMember;

    private String timeZone;
    private String workEmail;
    private String workPhone;
    /** The colleague a crisis escalates to first when this clinician does not acknowledge. */
    private UUID backupClinicianId;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "clinician_office_hours", joinColumns = @JoinColumn(name = "clinician_id"))
    private List<OfficeHours> officeHours = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "clinician_day_off", joinColumns = @JoinColumn(name = "clinician_id"))
    private Set<DayOff> daysOff = new HashSet<>();

    protected Clinician() {}

    public Clinician(UUID practiceId, StaffMember staffMember, ZoneId timeZone, String workEmail, String workPhone) {
        this.id = UUID.randomUUID();
        this.practiceId = practiceId;
        this.staffMember = staffMember;
        this.timeZone = timeZone.getId();
        this.workEmail = workEmail;
        this.workPhone = workPhone;
    }

    public Clinician addOfficeHours(DayOfWeek day, LocalTime opens, LocalTime closes) {
        officeHours.add(new OfficeHours(day.getValue(), opens, closes));
        return this;
    }

    /** Time zone and contact details from the staff list (StaffDirectory). */
    public void update(ZoneId timeZone, String workEmail, String workPhone) {
        this.timeZone = timeZone.getId();
        this.workEmail = workEmail;
        this.workPhone = workPhone;
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public StaffMember getStaffMember() {
        return staffMember;
    }

    /** The Tasklist assignee for this clinician's tasks. */
    public String getUsername() {
        return staffMember.getUsername();
    }

    public ZoneId getTimeZone() {
        return ZoneId.of(timeZone);
    }

    public String getWorkEmail() {
        return workEmail;
    }

    public String getWorkPhone() {
        return workPhone;
    }

    public UUID getBackupClinicianId() {
        return backupClinicianId;
    }

    public void setBackupClinicianId(UUID backupClinicianId) {
        this.backupClinicianId = backupClinicianId;
    }

    public List<OfficeHours> getOfficeHours() {
        return officeHours;
    }

    public Set<DayOff> getDaysOff() {
        return daysOff;
    }

    /** One interval of office hours on an ISO weekday (1 = Monday). */
    @Embeddable
    public record OfficeHours(
            @Column(name = "day_of_week") int dayOfWeek,
            @Column(name = "opens_at") LocalTime opensAt,
            @Column(name = "closes_at") LocalTime closesAt) {}

    @Embeddable
    public record DayOff(@Column(name = "day_off") LocalDate day, String reason) {}
}
