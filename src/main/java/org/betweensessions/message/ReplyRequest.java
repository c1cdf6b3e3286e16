package org.betweensessions.message;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A clinician's answer to a client message; stored encrypted, never put into a process variable. */
public record ReplyRequest(@NotBlank @Size(max = 10_000) String body) {}
