package org.betweensessions.clinician;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Planned absence with a covering colleague: crisis routing and new work go to the colleague. A
 * coverage (coverage-handoff) may add which message categories wait for the clinician's return, and
 * who answers instead when the covering colleague becomes unavailable (the supervisor).
 */
@Entity
public class ClinicianLeave {

    /** Routing of a message category during the leave (decision coverage-routing). */
    public static final String ROUTE_COVERING = "COVERING";

    public static final String ROUTE_AFTER_RETURN = "AFTER_RETURN";

    @Id
    private UUID id;

    private UUID clinicianId;
    private LocalDate startsOn;
    private LocalDate endsOn;
    private UUID coveringClinicianId;
    /** Set when the covering clinician became unavailable: this person (the supervisor) answers. */
    private String coverUsername;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "clinician_leave_routing", joinColumns = @JoinColumn(name = "leave_id"))
    @MapKeyColumn(name = "category")
    @Column(name = "route")
    private Map<String, String> routing = new HashMap<>();

    protected ClinicianLeave() {}

    public ClinicianLeave(UUID clinicianId, LocalDate startsOn, LocalDate endsOn, UUID coveringClinicianId) {
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

    public String getCoverUsername() {
        return coverUsername;
    }

    public Map<String, String> getRouting() {
        return routing;
    }

    /** COVERING unless the coverage said the category waits for the return. */
    public String routeFor(String category) {
        return category == null ? ROUTE_COVERING : routing.getOrDefault(category, ROUTE_COVERING);
    }

    /** Extended or shortened (a cancelled leave is deleted). */
    public void endOn(LocalDate endsOn) {
        this.endsOn = endsOn;
    }

    /** Another covering clinician (a date change named one for the whole absence). */
    public void coveringClinician(UUID coveringClinicianId) {
        this.coveringClinicianId = coveringClinicianId;
    }

    public void coveredBy(String username) {
        this.coverUsername = username;
    }

    public void routeDuringLeave(Map<String, String> byCategory) {
        routing.clear();
        routing.putAll(byCategory);
    }
}
