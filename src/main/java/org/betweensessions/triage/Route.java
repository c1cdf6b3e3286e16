package org.betweensessions.triage;

/** Where the message-route decision table sends a non-crisis message. */
public enum Route {
    /** "Respond to client message" task for the (covering) clinician. */
    CLINICIAN(true),
    /** "Handle administrative message" task for the intake coordinator. */
    COORDINATOR(true),
    /** Acknowledged automatically and put on the next-session agenda; no task. */
    SESSION_AGENDA(false),
    /** Contact has ended (terminated client): auto-reply with referrals only. */
    CLOSED(false);

    private final boolean needsAnswer;

    Route(boolean needsAnswer) {
        this.needsAnswer = needsAnswer;
    }

    public boolean needsAnswer() {
        return needsAnswer;
    }
}
