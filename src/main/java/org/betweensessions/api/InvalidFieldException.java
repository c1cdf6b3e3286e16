package org.betweensessions.api;

/**
 * A field whose value is not acceptable: 422 when it is well-formed but the domain refuses it, 400
 * ({@link #outOfRange}) when it is outside what the field can mean at all.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;
    private final boolean badRequest;

    public InvalidFieldException(String field, String detail) {
        this(field, detail, false);
    }

    private InvalidFieldException(String field, String detail, boolean badRequest) {
        super(detail);
        this.field = field;
        this.badRequest = badRequest;
    }

    /** 400: e.g. a date far in the future, which no sender could mean. */
    public static InvalidFieldException outOfRange(String field, String detail) {
        return new InvalidFieldException(field, detail, true);
    }

    public String field() {
        return field;
    }

    public boolean badRequest() {
        return badRequest;
    }
}
