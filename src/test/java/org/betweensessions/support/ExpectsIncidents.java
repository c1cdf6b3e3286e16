package org.betweensessions.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test (or every test of a class) that makes a job fail on purpose until it ends as an incident.
 * Without it, {@link EmbeddedStackTest} fails any test that leaves an incident behind: a worker
 * failure that ends as an incident on a crisis or routing path is a defect, not noise.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ExpectsIncidents {}
