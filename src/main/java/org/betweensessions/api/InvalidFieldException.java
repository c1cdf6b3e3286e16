package org.betweensessions.api;

/** 400 or 422 for a field whose value is well-formed but not acceptable. */
public class InvalidFieldException extends RuntimeException {

  private final String field;

  public InvalidFieldException(String field, String detail) {
    super(detail);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
