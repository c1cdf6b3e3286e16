package org.betweensessions.triage.screening;

/** What kind of imminent risk a crisis message signals; drives which crisis resources are sent. */
public enum CrisisKind {
    SUICIDAL_IDEATION,
    SELF_HARM,
    HARM_TO_OTHERS,
    ABUSE_OR_DANGER,
    MEDICAL_EMERGENCY
}
