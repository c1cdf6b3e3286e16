package org.betweensessions.api;

/** 409: the request is valid but the resource is not in a state that allows it. */
public class ConflictException extends RuntimeException {

  public ConflictException(String detail) {
    super(detail);
  }
}
