package org.betweensessions.api;

/** 404: the named resource does not exist (or the caller may not know that it does). */
public class NotFoundException extends RuntimeException {

    private final String field;

    public NotFoundException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
