package org.betweensessions.client;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditTrail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a client's emergency contact (at intake with the consent review, or later by the
 * clinician): encrypted at rest, audited without the details.
 */
@Service
public class EmergencyContactRecords {

    private final EmergencyContactRepository contacts;
    private final AuditTrail audit;
    private final Clock clock;

    EmergencyContactRecords(EmergencyContactRepository contacts, AuditTrail audit, Clock clock) {
        this.contacts = contacts;
        this.audit = audit;
        this.clock = clock;
    }

    /** Records (or replaces) the contact; the caller has checked {@link EmergencyContactDetails#missingField()}. */
    @Transactional
    public EmergencyContact record(UUID clientId, EmergencyContactDetails details, String by) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        EmergencyContact contact = contacts.findById(clientId).orElseGet(() -> new EmergencyContact(clientId));
        boolean existed = contact.getRecordedAt() != null;
        boolean consentBefore = existed && contact.isConsentToContact();
        boolean consent = Boolean.TRUE.equals(details.consentToContact());
        contact.update(
                details.name().strip(),
                blankToNull(details.phone()),
                blankToNull(details.email()),
                blankToNull(details.relationship()),
                consent,
                by,
                now);
        contact = contacts.saveAndFlush(contact);
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("consentToContact", consent);
        audited.put("phone", contact.getPhone() != null);
        audited.put("email", contact.getEmail() != null);
        audited.put("changed", existed);
        if (existed && consentBefore != consent) {
            audited.put("consentChanged", true);
        }
        audit.record(by, "EMERGENCY_CONTACT_RECORDED", "CLIENT", clientId, audited);
        return contact;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
