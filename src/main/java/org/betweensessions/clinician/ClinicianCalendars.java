package org.betweensessions.clinician;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.Set;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.calendar.LeavePeriod;
import org.betweensessions.calendar.OfficeHours;
import org.betweensessions.practice.Practice;
import org.betweensessions.practice.PracticeRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A clinician's business calendar: office hours, time zone, practice holidays, days off, leave. */
@Service
public class ClinicianCalendars {

    private final PracticeRepository practices;
    private final ClinicianLeaveRepository leaves;

    ClinicianCalendars(PracticeRepository practices, ClinicianLeaveRepository leaves) {
        this.practices = practices;
        this.leaves = leaves;
    }

    /**
     * The practice's own calendar, for messages no clinician is responsible for (unknown senders): the
     * front desk's weekday hours in the practice's time zone, closed on the practice holidays.
     */
    @Transactional(readOnly = true)
    public BusinessCalendar ofPractice(Practice practice) {
        Set<LocalDate> closed = new HashSet<>();
        practices
                .findById(practice.getId())
                .map(Practice::getHolidays)
                .ifPresent(hs -> hs.forEach(h -> closed.add(h.date())));
        return BusinessCalendar.of(practice.getTimeZone(), OfficeHours.weekdays(FRONT_DESK_OPENS, FRONT_DESK_CLOSES))
                .withHolidays(closed);
    }

    /** Front-desk hours for unknown senders (no clinician's calendar applies). */
    static final LocalTime FRONT_DESK_OPENS = LocalTime.of(9, 0);

    static final LocalTime FRONT_DESK_CLOSES = LocalTime.of(17, 0);

    @Transactional(readOnly = true)
    public BusinessCalendar of(Clinician clinician) {
        OfficeHours.Builder hours = OfficeHours.builder();
        clinician.getOfficeHours().forEach(h -> hours.add(DayOfWeek.of(h.dayOfWeek()), h.opensAt(), h.closesAt()));
        Set<LocalDate> closed = new HashSet<>();
        practices
                .findById(clinician.getPracticeId())
                .map(Practice::getHolidays)
                .ifPresent(hs -> hs.forEach(h -> closed.add(h.date())));
        clinician.getDaysOff().forEach(d -> closed.add(d.day()));
        BusinessCalendar calendar =
                BusinessCalendar.of(clinician.getTimeZone(), hours.build()).withHolidays(closed);
        for (ClinicianLeave leave : leaves.findByClinicianId(clinician.getId())) {
            calendar = calendar.withLeave(LeavePeriod.of(leave.getStartsOn(), leave.getEndsOn()));
        }
        return calendar;
    }
}
