package org.betweensessions.client;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A client's emergency contact as staff enter it (at intake with the consent review, or later):
 * a name, a phone number or an e-mail address (at least one), the relationship, and whether the
 * client consents to the practice contacting this person after missed high-risk check-ins.
 */
public record EmergencyContactDetails(
        @NotBlank @Size(max = 200) String name,

        @Size(max = 40) @Pattern(regexp = "[0-9+()\\-. ]*", message = "digits, +, spaces, dashes only")
        String phone,

        @Email @Size(max = 254) String email,
        @Size(max = 100) String relationship,
        @NotNull Boolean consentToContact) {

    /** The field a valid-looking request still gets wrong, or null: a phone or an e-mail is needed. */
    public String missingField() {
        boolean noPhone = phone == null || phone.isBlank();
        boolean noEmail = email == null || email.isBlank();
        if (noPhone && noEmail) {
            return "phone";
        }
        if (!noPhone && phone.replaceAll("[^0-9]", "").length() < 5) {
            return "phone";
        }
        return null;
    }
}
