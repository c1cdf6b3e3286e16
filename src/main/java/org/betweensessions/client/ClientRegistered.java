package org.betweensessions.client;

/** Published inside the registering transaction; intake consent opens its request in it. */
public record ClientRegistered(Client client, String registeredBy) {}
