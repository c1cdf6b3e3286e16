package org.betweensessions.process;

import java.util.List;

/**
 * Process ids, message names, job types and element ids in one place: a rename in Modeler is a
 * one-line change here. Each constant's value is exactly the id in the BPMN file.
 */
public final class ProcessIds {

    private ProcessIds() {}

    // bpmn/message-triage.bpmn
    public static final String MESSAGE_TRIAGE = "message-triage";
    /** Message start event of message-triage; correlation key = the message id. */
    public static final String INBOUND_MESSAGE_RECEIVED = "inbound-message-received";

    public static final String JOB_SCREEN_MESSAGE = "screen-message";
    public static final String JOB_TRACK_COMMUNICATION_PATTERN = "track-communication-pattern";
    public static final String JOB_ROUTE_MESSAGE = "route-message";
    public static final String JOB_SEND_AUTO_REPLY = "send-auto-reply";
    public static final String JOB_ADD_TO_SESSION_AGENDA = "add-to-session-agenda";
    public static final String JOB_SEND_CRISIS_RESOURCES = "send-crisis-resources";
    public static final String JOB_ALERT_CRISIS = "alert-crisis";
    public static final String JOB_RECORD_CRISIS_ACKNOWLEDGEMENT = "record-crisis-acknowledgement";
    public static final String JOB_RECORD_CRISIS_DOCUMENTATION = "record-crisis-documentation";
    public static final String JOB_REMIND_CRISIS_DOCUMENTATION = "remind-crisis-documentation";

    /** Where an instance rebuilt by reconciliation starts (every later step skips what is done). */
    public static final String SCREEN_MESSAGE_TASK = "ScreenMessageTask";

    public static final String RESPOND_TO_MESSAGE_TASK = "RespondToMessageTask";
    public static final String HANDLE_ADMINISTRATIVE_MESSAGE_TASK = "HandleAdministrativeMessageTask";
    /** The user tasks a reply through the API completes. */
    public static final List<String> ANSWER_TASKS =
            List.of(RESPOND_TO_MESSAGE_TASK, HANDLE_ADMINISTRATIVE_MESSAGE_TASK);

    public static final String ACKNOWLEDGE_CRISIS_TASK = "AcknowledgeCrisisTask";
    public static final String ACKNOWLEDGE_ESCALATED_CRISIS_TASK = "AcknowledgeEscalatedCrisisTask";
    public static final String SUPERVISOR_ACKNOWLEDGE_CRISIS_TASK = "SupervisorAcknowledgeCrisisTask";
    /** "I'm on it" done: documenting the contact, due the same day. */
    public static final String DOCUMENT_CRISIS_TASK = "DocumentCrisisTask";

    public static final String RECORD_CRISIS_ACKNOWLEDGEMENT_TASK = "RecordCrisisAcknowledgementTask";
    public static final String CRISIS_DOCUMENTATION_REMINDER_TIMER = "CrisisDocumentationReminderTimer";
    /** Whichever of these is open, an acknowledgement through the API completes it. */
    public static final List<String> CRISIS_ACKNOWLEDGEMENT_TASKS =
            List.of(ACKNOWLEDGE_CRISIS_TASK, ACKNOWLEDGE_ESCALATED_CRISIS_TASK, SUPERVISOR_ACKNOWLEDGE_CRISIS_TASK);

    // ---- Intake consent (issue 5): bpmn/intake-consent.bpmn ----

    public static final String INTAKE_CONSENT = "intake-consent";

    /**
     * Where reconciliation starts a lost intake-consent instance again (start instructions): the
     * reminder delays are decided again (the times stored with the request stay), then
     * SendPolicyToClientTask returns the stored times and sends nothing twice.
     */
    public static final String DECIDE_CONSENT_REMINDERS_TASK = "DecideConsentRemindersTask";

    public static final String SEND_POLICY_TO_CLIENT_TASK = "SendPolicyToClientTask";
    public static final String FIRST_CONSENT_GATEWAY = "FirstConsentGateway";
    public static final String COMPLETE_CONSENT_REQUEST_TASK = "CompleteConsentRequestTask";

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
    // Response SLAs (issue 4): timers and breach path in bpmn/message-triage.bpmn, reminder points in
    // bpmn/response-sla.dmn, the availability reset prompt in bpmn/availability-reset-prompt.bpmn.
    public static final String DECIDE_REMINDER_POINT_TASK = "DecideReminderPointTask";
    public static final String RESPONSE_REMINDER_TIMER = "ResponseReminderTimer";
    public static final String SLA_DEADLINE_TIMER = "SlaDeadlineTimer";
    public static final String ADMINISTRATIVE_REMINDER_TIMER = "AdministrativeReminderTimer";
    public static final String ADMINISTRATIVE_SLA_DEADLINE_TIMER = "AdministrativeSlaDeadlineTimer";
    public static final String REMIND_CLINICIAN_TASK = "RemindClinicianTask";
    public static final String REMIND_COORDINATOR_TASK = "RemindCoordinatorTask";
    /** The breach as a named element: Operate filters instances by it and counts it on the diagram. */
    public static final String RESPONSE_SLA_BREACHED = "ResponseSlaBreached";

    public static final String RECORD_SLA_BREACH_TASK = "RecordSlaBreachTask";
    public static final String REVIEW_SLA_BREACH_TASK = "ReviewSlaBreachTask";
    public static final String JOB_REMIND_CLINICIAN = "remind-clinician";
    public static final String JOB_RECORD_SLA_BREACH = "record-sla-breach";
    public static final String JOB_RECORD_SLA_BREACH_REVIEW = "record-sla-breach-review";
    /** After either answer task: the response time, also for answers given outside the application. */
    public static final String RECORD_RESPONSE_TIME_TASK = "RecordResponseTimeTask";

    public static final String RECORD_ADMINISTRATIVE_RESPONSE_TIME_TASK = "RecordAdministrativeResponseTimeTask";
    public static final String JOB_RECORD_ANSWER = "record-answer";
    /** BPMN error: the answer task was completed with neither a stored reply nor an outcome. */
    public static final String ERROR_ANSWER_NOT_RECORDED = "ANSWER_NOT_RECORDED";

    public static final String AVAILABILITY_RESET_PROMPT = "availability-reset-prompt";
    public static final String RESET_RESPONSE_EXPECTATIONS_TASK = "ResetResponseExpectationsTask";
    public static final String JOB_RECORD_AVAILABILITY_RESET = "record-availability-reset";

    // ---- High-risk clients (issue 15): bpmn/safety-plan-checkins.bpmn, bpmn/checkin-schedule.dmn ----

    public static final String SAFETY_PLAN_CHECKINS = "safety-plan-checkins";
    /** Message start; correlation key = the client id (one running instance per client). */
    public static final String CLIENT_RAISED_TO_HIGH_RISK = "client-raised-to-high-risk";
    /** Any inbound message of the client; correlation key = the client id. */
    public static final String CLIENT_WROTE = "client-wrote";
    /** Risk lowered, termination or transfer; correlation key = the client id. */
    public static final String SAFETY_CHECKINS_ENDED = "safety-checkins-ended";
    /** A crisis message of the client (triaged as a crisis); correlation key = the client id. */
    public static final String CLIENT_IN_CRISIS = "client-in-crisis";

    public static final String DECISION_CHECKIN_SCHEDULE = "checkin-schedule";
    public static final String DECISION_RISK_REVIEW = "risk-review";
    public static final String DECISION_POST_CRISIS_REVIEW = "post-crisis-review";
    public static final String DECISION_CHECKIN_OUTREACH = "checkin-outreach";

    public static final String JOB_OPEN_RISK_EPISODE = "open-risk-episode";
    public static final String JOB_RECORD_SAFETY_PLAN_REVIEW = "record-safety-plan-review";
    public static final String JOB_SCHEDULE_CHECKIN = "schedule-checkin";
    public static final String JOB_SEND_CHECKIN = "send-checkin";
    public static final String JOB_RECORD_CHECKIN_ANSWERED = "record-checkin-answered";
    public static final String JOB_RECORD_MISSED_CHECKIN = "record-missed-checkin";
    public static final String JOB_SEND_CHECKIN_OUTREACH = "send-checkin-outreach";
    public static final String JOB_REQUEST_WELFARE_DECISION = "request-welfare-decision";
    public static final String JOB_RECORD_WELFARE_ACTION = "record-welfare-action";
    public static final String JOB_RECORD_RISK_REVIEW = "record-risk-review";
    public static final String JOB_CLOSE_CHECKINS = "close-checkins";
    public static final String JOB_OPEN_POST_CRISIS_REVIEW = "open-post-crisis-review";
    public static final String JOB_RECORD_OUTREACH_CALL = "record-outreach-call";
    public static final String JOB_RECORD_POST_CRISIS_REVIEW = "record-post-crisis-review";

    public static final String REVIEW_SAFETY_PLAN_TASK = "ReviewSafetyPlanTask";
    public static final String CHECKIN_DUE_TIMER = "CheckinDueTimer";
    public static final String SEND_CHECKIN_TASK = "SendCheckinTask";
    public static final String CHECKIN_REPLY_WINDOW_TIMER = "CheckinReplyWindowTimer";
    public static final String RECORD_CHECKIN_ANSWERED_TASK = "RecordCheckinAnsweredTask";
    public static final String SEND_OUTREACH_TASK = "SendOutreachTask";
    public static final String DECIDE_WELFARE_ACTION_TASK = "DecideWelfareActionTask";
    public static final String WELFARE_DECISION_NOT_ACKNOWLEDGED_TIMER = "WelfareDecisionNotAcknowledgedTimer";
    public static final String RE_RATE_RISK_TASK = "ReRateRiskTask";
    public static final String CHECKINS_ENDED_EVENT = "CheckinsEndedEvent";

    // ---- Termination: bpmn/termination.bpmn, termination-safety-gate.dmn, termination-timing.dmn ----

    public static final String TERMINATION = "termination";
    /** Message start; correlation key = the client id (one open termination per client). */
    public static final String TERMINATION_REQUESTED = "termination-requested";
    /** A message from the client or a booked session; correlation key = the client id. */
    public static final String CLIENT_BACK_IN_CONTACT = "client-back-in-contact";

    public static final String TERMINATION_CANCELLED = "termination-cancelled";

    public static final String DECISION_TERMINATION_SAFETY_GATE = "termination-safety-gate";
    public static final String DECISION_TERMINATION_TIMING = "termination-timing";

    public static final String JOB_OPEN_TERMINATION = "open-termination";
    public static final String JOB_RECORD_DROP_OUT_DECISION = "record-drop-out-decision";
    public static final String JOB_RECORD_SAFETY_GATE = "record-termination-safety-gate";
    public static final String JOB_RECORD_SAFETY_REVIEW = "record-termination-safety-review";
    public static final String JOB_SCHEDULE_ENDING_DISCUSSION = "schedule-ending-discussion";
    public static final String JOB_RECORD_ENDING_DISCUSSED = "record-ending-discussed";
    public static final String JOB_SEND_DROP_OUT_OUTREACH = "send-drop-out-outreach";
    public static final String JOB_RECORD_CLOSE_DECISION = "record-close-decision";
    public static final String JOB_GENERATE_CLOSING_LETTER = "generate-closing-letter";
    public static final String JOB_SEND_CLOSING_LETTER = "send-closing-letter";
    public static final String JOB_CLOSE_CONTACT = "close-contact";
    public static final String JOB_END_SAFETY_CHECKINS = "end-safety-checkins";
    public static final String JOB_WITHDRAW_CONSENT_REQUEST = "withdraw-consent-request";
    public static final String JOB_CLOSE_OPEN_MESSAGES = "close-open-messages";
    public static final String JOB_COMPLETE_TERMINATION = "complete-termination";
    public static final String JOB_STOP_TERMINATION = "stop-termination";

    public static final String OPEN_TERMINATION_TASK = "OpenTerminationTask";
    public static final String CONFIRM_DROP_OUT_TASK = "ConfirmDropOutTask";
    public static final String REVIEW_TERMINATION_SAFETY_TASK = "ReviewTerminationSafetyTask";
    public static final String DISCUSS_ENDING_IN_SESSION_TASK = "DiscussEndingInSessionTask";
    public static final String LAST_SESSION_TIMER = "LastSessionTimer";
    public static final String SEND_DROP_OUT_OUTREACH_TASK = "SendDropOutOutreachTask";
    public static final String OUTREACH_REPLY_WAIT_TIMER = "OutreachReplyWaitTimer";
    public static final String DECIDE_CLOSE_OR_CONTINUE_TASK = "DecideCloseOrContinueTask";
    public static final String GENERATE_CLOSING_LETTER_TASK = "GenerateClosingLetterTask";
    public static final String REVIEW_CLOSING_LETTER_TASK = "ReviewClosingLetterTask";
    public static final String CONTACT_GRACE_TIMER = "ContactGraceTimer";
    public static final String CLOSE_CONTACT_TASK = "CloseContactTask";
    public static final String STOP_TERMINATION_TASK = "StopTerminationTask";
    public static final String TERMINATION_COMPLETED_EVENT = "TerminationCompletedEvent";
    public static final String TERMINATION_STOPPED_EVENT = "TerminationStoppedEvent";
    public static final String ENDING_CANCELLED_EVENT = "EndingCancelledEvent";
    public static final String ENDING_CANCELLED_END_EVENT = "EndingCancelledEndEvent";

    public static final String POST_CRISIS_REVIEW_TASK = "PostCrisisReviewTask";
    public static final String CALL_CLIENT_FOR_OUTREACH_TASK = "CallClientForOutreachTask";
    /** A check-in by scheduled call (decision checkin-by): the clinician's call task and its window. */
    public static final String DECISION_CHECKIN_BY = "checkin-by";

    public static final String JOB_OPEN_CHECKIN_CALL = "open-checkin-call";
    public static final String JOB_RECORD_CHECKIN_CALL = "record-checkin-call";
    public static final String CHECKIN_CALL_TASK = "CheckinCallTask";
    public static final String CHECKIN_CALL_NOT_DONE_TIMER = "CheckinCallNotDoneTimer";
    /** Where reconciliation starts a rebuilt instance (the risk-review and check-in branches). */
    public static final String DECIDE_RISK_REVIEW_TASK = "DecideRiskReviewTask";

    public static final String RISK_REVIEW_LOOP_GATEWAY = "RiskReviewLoopGateway";
    public static final String NEXT_CHECKIN_GATEWAY = "NextCheckinGateway";

    // ---- Caring Contacts after a high-risk period: bpmn/caring-contacts.bpmn ----

    public static final String CARING_CONTACTS = "caring-contacts";
    /** Message start (risk lowered, caring contacts enabled); correlation key = the client id. */
    public static final String CARING_CONTACTS_STARTED = "caring-contacts-started";
    /** High risk again, termination or transfer; correlation key = the client id. */
    public static final String CARING_CONTACTS_ENDED = "caring-contacts-ended";

    public static final String DECISION_CARING_CONTACTS = "caring-contacts";
    public static final String JOB_SCHEDULE_CARING_CONTACT = "schedule-caring-contact";
    public static final String JOB_SEND_CARING_CONTACT = "send-caring-contact";
    public static final String NEXT_CARING_CONTACT_GATEWAY = "NextCaringContactGateway";
    public static final String CARING_CONTACT_DUE_TIMER = "CaringContactDueTimer";

    // ---- Vacation and leave coverage: bpmn/coverage-handoff.bpmn and its decisions ----

    public static final String COVERAGE_HANDOFF = "coverage-handoff";
    /** Extension or shortening during the absence; correlation key = the coverage id. */
    public static final String COVERAGE_DATES_CHANGED = "coverage-dates-changed";
    /** An extension asked for, to be checked before it takes effect; correlation key = the coverage id. */
    public static final String COVERAGE_DATES_CHANGE_REQUESTED = "coverage-dates-change-requested";
    /** The covering clinician cannot cover any more; correlation key = the coverage id. */
    public static final String COVERING_CLINICIAN_UNAVAILABLE = "covering-clinician-unavailable";
    /** Cancelled before the start; correlation key = the coverage id. */
    public static final String COVERAGE_CANCELLED = "coverage-cancelled";

    public static final String DECISION_COVERAGE_APPROVAL = "coverage-approval";
    public static final String DECISION_COVERAGE_SCHEDULE = "coverage-schedule";
    public static final String DECISION_COVERAGE_SUMMARY = "coverage-summary";
    public static final String DECISION_COVERAGE_ROUTING = "coverage-routing";

    public static final String JOB_OPEN_COVERAGE = "open-coverage";
    public static final String JOB_CHECK_COVERAGE_CONFLICT = "check-coverage-conflict";
    public static final String JOB_RECORD_COVERAGE_ACCEPTED = "record-coverage-accepted";
    public static final String JOB_RETURN_COVERAGE_TO_PLANNING = "return-coverage-to-planning";
    public static final String JOB_RECORD_REVISED_COVERAGE_PLAN = "record-revised-coverage-plan";
    public static final String JOB_RECORD_COVERAGE_APPROVAL = "record-coverage-approval";
    public static final String JOB_RECORD_COVERAGE_NEEDS = "record-coverage-needs";
    public static final String JOB_RECORD_COVERAGE_SUMMARIES = "record-coverage-summaries";
    public static final String JOB_ALERT_SUMMARIES_MISSING = "alert-summaries-missing";
    public static final String JOB_SEND_COVERAGE_NOTICES = "send-coverage-notices";
    public static final String JOB_START_COVERAGE = "start-coverage";
    public static final String JOB_APPLY_COVERAGE_DATES_CHANGE = "apply-coverage-dates-change";
    public static final String JOB_SUPERVISOR_COVERS = "supervisor-covers";
    public static final String JOB_CHECK_COVERAGE_DATES_CHANGE = "check-coverage-dates-change";
    public static final String JOB_RECORD_DATES_CHANGE_REVISION = "record-dates-change-revision";
    public static final String JOB_RECORD_DATES_CHANGE_ANSWER = "record-dates-change-answer";
    public static final String JOB_RECORD_DATES_CHANGE_DECISION = "record-dates-change-decision";
    public static final String JOB_COMMIT_COVERAGE_DATES_CHANGE = "commit-coverage-dates-change";
    public static final String JOB_END_COVERAGE = "end-coverage";
    public static final String JOB_RECORD_HAND_BACK = "record-hand-back";
    public static final String JOB_CLOSE_CANCELLED_COVERAGE = "close-cancelled-coverage";

    public static final String OPEN_COVERAGE_TASK = "OpenCoverageTask";
    public static final String CHECK_COVERAGE_CONFLICT_TASK = "CheckCoverageConflictTask";
    public static final String ACCEPT_COVERAGE_TASK = "AcceptCoverageTask";
    public static final String APPROVE_COVERAGE_TASK = "ApproveCoverageTask";
    public static final String REVISE_COVERAGE_PLAN_TASK = "ReviseCoveragePlanTask";
    public static final String RECORD_COVERAGE_APPROVAL_TASK = "RecordCoverageApprovalTask";
    public static final String PREPARE_COVERAGE_SUMMARIES_TASK = "PrepareCoverageSummariesTask";
    public static final String CLIENT_NOTICE_TIMER = "ClientNoticeTimer";
    public static final String COVERAGE_START_TIMER = "CoverageStartTimer";
    public static final String START_COVERAGE_TASK = "StartCoverageTask";
    public static final String COVERAGE_END_TIMER = "CoverageEndTimer";
    public static final String REVISE_DATES_CHANGE_TASK = "ReviseDatesChangeTask";
    public static final String ACCEPT_DATES_CHANGE_TASK = "AcceptDatesChangeTask";
    public static final String APPROVE_DATES_CHANGE_TASK = "ApproveDatesChangeTask";
    public static final String END_COVERAGE_TASK = "EndCoverageTask";
    public static final String HAND_BACK_TASK = "HandBackTask";
}
