package org.betweensessions.client;

/**
 * A former client returns: published inside the re-opening transaction; intake consent opens a new
 * request for the current policy in it.
 */
public record ClientReopened(Client client, String reopenedBy) {}
