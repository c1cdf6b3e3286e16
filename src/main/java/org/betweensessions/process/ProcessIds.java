package org.betweensessions.process;

/**
 * Process ids, message names, job types and element ids in one place: a rename in Modeler is a
 * one-line change here. Each constant's value is exactly the id in the BPMN file.
 */
public final class ProcessIds {

  private ProcessIds() {}

  /** bpmn/message-triage.bpmn */
  public static final String MESSAGE_TRIAGE = "message-triage";

  /** Message start event of message-triage; correlation key = the message id. */
  public static final String INBOUND_MESSAGE_RECEIVED = "inbound-message-received";

  public static final String JOB_SCREEN_MESSAGE = "screen-message";

  public static final String RESPOND_TO_MESSAGE_TASK = "RespondToMessageTask";
}
