package org.betweensessions.policy;

/**
 * Published inside the transaction that saves a new policy version (practice default or a
 * clinician's), so listeners (re-consent) commit or roll back with it.
 */
public record PolicyVersionCreated(CommunicationPolicy policy) {}
