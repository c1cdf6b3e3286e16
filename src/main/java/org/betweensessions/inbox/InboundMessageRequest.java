package org.betweensessions.inbox;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.api.NoControlCharacters;
import org.betweensessions.message.Channel;

/**
 * What a channel integration posts for each inbound client message.
 *
 * @param channel PORTAL, EMAIL, SMS, VOICEMAIL_TRANSCRIPT or SOCIAL_MEDIA
 * @param externalId the channel's own id for the message; a redelivery with the same channel and id
 *     is the same message
 * @param clientId the client, as the portal knows them; or give {@code sender} instead
 * @param sender the sender's address as the channel knows it (email address, phone number); used to
 *     find the client when there is no clientId. Unknown senders are kept for the coordinator.
 * @param body the message text (at most 10,000 characters)
 * @param receivedAt when the channel received it (defaults to now)
 */
public record InboundMessageRequest(
        @NotNull Channel channel,
        @NotBlank @Size(max = 200) @NoControlCharacters String externalId,
        UUID clientId,
        @Size(max = 320) @NoControlCharacters String sender,
        @NotBlank @Size(max = 10_000) @NoControlCharacters String body,
        Instant receivedAt) {

    /** The portal's usual payload. */
    public static InboundMessageRequest fromClient(Channel channel, String externalId, UUID clientId, String body) {
        return new InboundMessageRequest(channel, externalId, clientId, null, body, null);
    }
}
