package org.betweensessions.client;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;
import org.betweensessions.message.Channel;
import org.hibernate.annotations.DynamicUpdate;

// Only changed columns are written: workers and the publisher update the same row concurrently, and
// a full-row update would put back values another transaction has just changed (lost update).
@DynamicUpdate
@Entity
public class Client {

    @Id
    private UUID id;

    private UUID practiceId;
    private UUID clinicianId;

    /** A name is identifying health-care information: encrypted like message bodies. */
    @Convert(converter = EncryptedText.class)
    @Column(name = "display_name_enc")
    private String displayName;

    @Enumerated(EnumType.STRING)
    private ClientStatus status;

    @Enumerated(EnumType.STRING)
    private RiskLevel riskLevel;

    @Enumerated(EnumType.STRING)
    private Channel preferredChannel;

    private String preferredLanguage;
    private Instant createdAt;

    /** Records retention: kept at least until this date after treatment ended (configuration). */
    private LocalDate retainUntil;

    /** Optional, for the retention rule for minors; identifying, so encrypted (ISO date). */
    @Convert(converter = EncryptedText.class)
    @Column(name = "date_of_birth_enc")
    private String dateOfBirth;

    protected Client() {}

    public Client(
            UUID practiceId, UUID clinicianId, String displayName, Channel preferredChannel, String preferredLanguage) {
        this.id = UUID.randomUUID();
        this.practiceId = practiceId;
        this.clinicianId = clinicianId;
        this.displayName = displayName;
        this.status = ClientStatus.INTAKE;
        this.riskLevel = RiskLevel.LOW;
        this.preferredChannel = preferredChannel;
        this.preferredLanguage = preferredLanguage;
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public UUID getClinicianId() {
        return clinicianId;
    }

    public String getDisplayName() {
        return displayName;
    }

    /**
     * "Jordan Lee" -> "J. L.": what task forms in Tasklist show (enough to recognise among one's own
     * clients, not a name; process variables are kept for weeks).
     */
    public String getInitials() {
        StringBuilder initials = new StringBuilder();
        for (String part : displayName.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                initials.appendCodePoint(Character.toUpperCase(part.codePointAt(0)))
                        .append(". ");
            }
        }
        return initials.toString().trim();
    }

    public ClientStatus getStatus() {
        return status;
    }

    public RiskLevel getRiskLevel() {
        return riskLevel;
    }

    public Channel getPreferredChannel() {
        return preferredChannel;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getPreferredLanguage() {
        return preferredLanguage;
    }

    public void activate() {
        this.status = ClientStatus.ACTIVE;
    }

    public void terminate() {
        this.status = ClientStatus.TERMINATED;
    }

    /** A former client returns: intake (consent to the current policy) starts again. */
    public void reopen() {
        this.status = ClientStatus.INTAKE;
    }

    public LocalDate getRetainUntil() {
        return retainUntil;
    }

    public LocalDate getDateOfBirth() {
        return dateOfBirth == null ? null : LocalDate.parse(dateOfBirth);
    }

    public void recordDateOfBirth(LocalDate date) {
        this.dateOfBirth = date == null ? null : date.toString();
    }

    public void retainUntil(LocalDate date) {
        this.retainUntil = date;
    }

    /** A transfer to another clinician of the same practice (the caller checks the practice). */
    public void transferTo(UUID clinicianId) {
        this.clinicianId = clinicianId;
    }

    public void setRiskLevel(RiskLevel riskLevel) {
        this.riskLevel = riskLevel;
    }

    /** Asked at intake ("how do you prefer to be contacted?"); one of the policy's offered channels. */
    public void changePreferredChannel(Channel channel) {
        this.preferredChannel = channel;
    }
}
