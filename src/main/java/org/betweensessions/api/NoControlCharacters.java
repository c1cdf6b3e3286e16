package org.betweensessions.api;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text from outside must not carry NUL or other C0 control characters, nor an unpaired UTF-16
 * surrogate ({@code "\ud800"} in JSON: half a character, which no database column stores as sent);
 * line feed, carriage return and tab are fine. Rejected (400 naming the field), not stripped or
 * altered: what is stored is what was sent.
 */
@Documented
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
@ReportAsSingleViolation
@Pattern(regexp = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x{D800}-\\x{DFFF}]*")
public @interface NoControlCharacters {

    String message() default
            "must not contain control characters or unpaired surrogates (line breaks and tabs are fine)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
