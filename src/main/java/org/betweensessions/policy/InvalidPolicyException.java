package org.betweensessions.policy;

import java.util.List;

/** A policy that may not be saved; every offending field is named (400 problem+json). */
public class InvalidPolicyException extends RuntimeException {

    public record FieldError(String field, String message) {}

    private final List<FieldError> errors;

    public InvalidPolicyException(List<FieldError> errors) {
        super("Invalid value for: "
                + String.join(
                        ", ", errors.stream().map(FieldError::field).distinct().toList()));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
