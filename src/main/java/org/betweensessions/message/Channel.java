package org.betweensessions.message;

/** Ways a client and a practice can be in contact. */
public enum Channel {
    PORTAL,
    EMAIL,
    SMS,
    VOICEMAIL_TRANSCRIPT,
    SOCIAL_MEDIA,
    PHONE,
    VIDEO;

    /** Channels an integration can deliver an inbound written message from. */
    public boolean isInbound() {
        return this != PHONE && this != VIDEO;
    }
}
