package org.betweensessions.api;

/** The request was fine but the application is saturated: 503 with Retry-After, nothing stored. */
public class BusyException extends RuntimeException {

    public BusyException(String message) {
        super(message);
    }
}
