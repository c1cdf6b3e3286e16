package org.betweensessions.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.betweensessions.client.EmergencyContact;
import org.betweensessions.client.EmergencyContactRepository;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Intake records the client's emergency contact, optionally, with the clinician's policy review
 * (through the API): an invalid one is a 400 naming the field and leaves the review task open; a
 * valid one is stored encrypted with the client's consent to contact it, audited without the
 * details, and never reaches the engine.
 */
class IntakeEmergencyContactTest extends ConsentTestSupport {

    @Autowired
    EmergencyContactRepository emergencyContacts;

    private Api.Response reviewWith(UUID clientId, String emergencyContact) {
        return api.post("alex", "/api/clients/" + clientId + "/consent-review", """
        {"preferredChannel":"PORTAL","understoodChannels":true,"understoodContactKinds":true,
         "understoodResponseTime":true,"understoodCrisisPlan":true,"arrangement":"STANDARD",
         "emergencyContact":%s}""".formatted(emergencyContact));
    }

    @Test
    void theReviewRecordsTheEmergencyContactAndTheConsentToContactIt() {
        String name = "Kim Contact " + UUID.randomUUID().toString().substring(0, 6);
        UUID clientId = register("alex", "PORTAL", "es", "Intake EC " + UUID.randomUUID());
        ConsentRequest request = awaitStarted(clientId, ConsentRequest.Kind.INTAKE);
        awaitOpenTask(request, ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK);

        Api.Response noAddress = reviewWith(clientId, "{\"name\":\"" + name + "\",\"consentToContact\":true}");
        assertThat(noAddress.status()).as(noAddress.body()).isEqualTo(400);
        assertThat(noAddress.contentType()).startsWith("application/problem+json");
        assertThat(noAddress.body()).contains("emergencyContact.phone");
        Api.Response badEmail =
                reviewWith(clientId, "{\"name\":\"" + name + "\",\"email\":\"nope\",\"consentToContact\":true}");
        assertThat(badEmail.status()).as(badEmail.body()).isEqualTo(400);
        assertThat(badEmail.body()).contains("emergencyContact.email");
        assertThat(emergencyContacts.findById(clientId)).isEmpty();
        assertThat(userTasks.findOpenTask(request.getProcessInstanceKey(), ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK))
                .isPresent();

        Api.Response reviewed = reviewWith(
                clientId,
                "{\"name\":\"" + name + "\",\"phone\":\"+34 600 123 456\",\"relationship\":\"partner\","
                        + "\"consentToContact\":true}");
        assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);

        EmergencyContact stored = emergencyContacts.findById(clientId).orElseThrow();
        assertThat(stored.getName()).isEqualTo(name);
        assertThat(stored.getPhone()).isEqualTo("+34 600 123 456");
        assertThat(stored.isConsentToContact()).isTrue();
        assertThat(stored.getRecordedBy()).isEqualTo("alex");
        assertThat(auditEvent(clientId, "EMERGENCY_CONTACT_RECORDED").getDetails())
                .contains("\"consentToContact\":true", "\"phone\":true", "\"email\":false")
                .doesNotContain(name, "600");
        // Never in the engine (the review's variables are the form's, without the contact).
        assertThat(recordsMentioning(name)).isEmpty();
        assertThat(recordsMentioning("600 123 456")).isEmpty();
    }
}
