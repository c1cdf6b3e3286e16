package org.betweensessions.sla;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A prompt to a clinician to reset clients' expectations about response times. */
@Entity
public class AvailabilityPrompt {

    @Id
    private UUID id;

    private UUID clinicianId;
    private Instant createdAt;
    private String reason;
    private int outsideHoursCount;
    private int fastAnswerCount;
    private Long processInstanceKey;
    private String outcome;
    private Instant completedAt;

    protected AvailabilityPrompt() {}

    AvailabilityPrompt(UUID clinicianId, Instant createdAt, String reason, int outsideHoursCount, int fastAnswerCount) {
        this.id = UUID.randomUUID();
        this.clinicianId = clinicianId;
        this.createdAt = createdAt;
        this.reason = reason;
        this.outsideHoursCount = outsideHoursCount;
        this.fastAnswerCount = fastAnswerCount;
    }

    void started(long processInstanceKey) {
        this.processInstanceKey = processInstanceKey;
    }

    void completed(String outcome, Instant at) {
        if (completedAt == null) {
            this.outcome = outcome;
            this.completedAt = at;
        }
    }

    public UUID getId() {
        return id;
    }

    public UUID getClinicianId() {
        return clinicianId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getReason() {
        return reason;
    }

    public int getOutsideHoursCount() {
        return outsideHoursCount;
    }

    public int getFastAnswerCount() {
        return fastAnswerCount;
    }

    public Long getProcessInstanceKey() {
        return processInstanceKey;
    }

    public String getOutcome() {
        return outcome;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }
}
