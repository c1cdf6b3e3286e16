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

  // ---- Intake consent (issue 5): bpmn/intake-consent.bpmn ----

  public static final String INTAKE_CONSENT = "intake-consent";

  /** Message start event of intake-consent; correlation key and message id = the consent request id. */
  public static final String CONSENT_REQUESTED = "consent-requested";

  /** The client's acknowledgement; correlation key = the consent request id. */
  public static final String CLIENT_CONSENT_GIVEN = "client-consent-given";

  public static final String JOB_SEND_POLICY_TO_CLIENT = "send-policy-to-client";
  public static final String JOB_SEND_CONSENT_REMINDER = "send-consent-reminder";
  public static final String JOB_ESCALATE_MISSING_CONSENT = "escalate-missing-consent";
  public static final String JOB_RECORD_CONSENT_FOLLOW_UP = "record-consent-follow-up";
  public static final String JOB_RECORD_POLICY_REVIEW = "record-policy-review";
  public static final String JOB_COMPLETE_CONSENT_REQUEST = "complete-consent-request";

  /** BPMN error: the clinician's review choice does not fit this client or policy. */
  public static final String ERROR_REVIEW_CHOICE_NOT_ALLOWED = "REVIEW_CHOICE_NOT_ALLOWED";

  public static final String REVIEW_POLICY_WITH_CLIENT_TASK = "ReviewPolicyWithClientTask";
  public static final String FOLLOW_UP_MISSING_CONSENT_TASK = "FollowUpMissingConsentTask";
}
