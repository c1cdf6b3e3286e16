package org.betweensessions.client;

import java.util.Optional;
import java.util.UUID;
import org.betweensessions.crypto.MessageCipher;
import org.betweensessions.message.Channel;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Finds the client behind an inbound message: by id from the portal, by address from a gateway. */
@Service
public class ClientDirectory {

    private final ClientRepository clients;
    private final ClientContactRepository contacts;
    private final MessageCipher cipher;

    ClientDirectory(ClientRepository clients, ClientContactRepository contacts, MessageCipher cipher) {
        this.clients = clients;
        this.contacts = contacts;
        this.cipher = cipher;
    }

    @Transactional(readOnly = true)
    public Optional<Client> bySender(Channel channel, String sender) {
        String hash = cipher.lookupHash(ClientContact.normalize(channel, sender));
        return contacts.findByChannelAndAddressHash(channel, hash).flatMap(c -> clients.findById(c.getClientId()));
    }

    @Transactional
    public ClientContact addContact(UUID clientId, Channel channel, String address) {
        String normalized = ClientContact.normalize(channel, address);
        return contacts.save(new ClientContact(clientId, channel, normalized, cipher.lookupHash(normalized)));
    }
}
