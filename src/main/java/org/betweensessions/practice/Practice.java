package org.betweensessions.practice;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

@Entity
public class Practice {

    @Id
    private UUID id;

    private String name;
    private String timeZone;
    private Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "practice_holiday", joinColumns = @JoinColumn(name = "practice_id"))
    private Set<Holiday> holidays = new HashSet<>();

    protected Practice() {}

    public Practice(String name, ZoneId timeZone) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.timeZone = timeZone.getId();
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public ZoneId getTimeZone() {
        return ZoneId.of(timeZone);
    }

    /** Name and time zone as configured for this deployment (StaffDirectory). */
    public void update(String name, ZoneId timeZone) {
        this.name = name;
        this.timeZone = timeZone.getId();
    }

    public Set<Holiday> getHolidays() {
        return holidays;
    }

    @Embeddable
    public record Holiday(@Column(name = "holiday") LocalDate date, String name) {}
}
