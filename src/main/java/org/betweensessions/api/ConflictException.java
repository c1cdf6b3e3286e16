package org.betweensessions.api;

import java.util.Map;

/** 409: the request is fine, but the state of what it names does not allow it (the detail says why). */
public class ConflictException extends RuntimeException {

    private final Map<String, Object> properties;

    public ConflictException(String detail) {
        this(detail, Map.of());
    }

    /** With extra problem properties, e.g. the id of the stored message a redelivery conflicts with. */
    public ConflictException(String detail, Map<String, Object> properties) {
        super(detail);
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
