package org.betweensessions.client;

import java.util.Optional;
import java.util.UUID;
import org.betweensessions.message.Channel;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClientContactRepository extends JpaRepository<ClientContact, UUID> {

    Optional<ClientContact> findByChannelAndAddressHash(Channel channel, String addressHash);
}
