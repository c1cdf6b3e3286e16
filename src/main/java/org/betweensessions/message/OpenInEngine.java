package org.betweensessions.message;

import java.time.Instant;
import java.util.UUID;

/** An open message as reconciliation sees it: ids and times, no body (nothing to decrypt). */
public record OpenInEngine(UUID id, Long processInstanceKey, Instant publishedAt) {}
