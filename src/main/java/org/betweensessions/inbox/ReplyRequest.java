package org.betweensessions.inbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.betweensessions.api.NoControlCharacters;

/**
 * A clinician's answer to a client message; stored encrypted, never put into a process variable.
 * {@code minutesSpent}: the time it took, for billing (optional).
 */
public record ReplyRequest(
        @NotBlank @Size(max = 10_000) @NoControlCharacters String body,
        @Min(0) @Max(600) Integer minutesSpent) {

    public ReplyRequest(String body) {
        this(body, null);
    }
}
