package org.betweensessions.client;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.util.Locale;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;
import org.betweensessions.message.Channel;

/** An address a client writes from (email, phone); found by keyed hash, stored encrypted. */
@Entity
public class ClientContact {

    @Id
    private UUID id;

    private UUID clientId;

    @Enumerated(EnumType.STRING)
    private Channel channel;

    private String addressHash;

    @Convert(converter = EncryptedText.class)
    @Column(name = "address_enc")
    private String address;

    protected ClientContact() {}

    public ClientContact(UUID clientId, Channel channel, String address, String addressHash) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.channel = channel;
        this.address = address;
        this.addressHash = addressHash;
    }

    /** Email addresses compare case-insensitively; phone numbers by their digits. */
    public static String normalize(Channel channel, String address) {
        String trimmed = address.strip();
        if (channel == Channel.SMS || channel == Channel.VOICEMAIL_TRANSCRIPT) {
            return trimmed.replaceAll("[^0-9+]", "");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    public UUID getClientId() {
        return clientId;
    }

    public Channel getChannel() {
        return channel;
    }

    public String getAddress() {
        return address;
    }
}
