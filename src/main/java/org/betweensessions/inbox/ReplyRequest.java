package org.betweensessions.inbox;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.betweensessions.api.NoControlCharacters;

/** A clinician's answer to a client message; stored encrypted, never put into a process variable. */
public record ReplyRequest(@NotBlank @Size(max = 10_000) @NoControlCharacters String body) {}
