package dev.rapport.session.service;

import dev.rapport.platform.outbox.Outbox;
import dev.rapport.platform.privacy.Pseudonyms;
import dev.rapport.session.messaging.ClientKeys;
import dev.rapport.session.persistence.ClientReference;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Draws each client's reference once and tells feedback-service through client-keys. */
@ApplicationScoped
public class ClientReferences {

    private final Outbox outbox;
    private final Pseudonyms pseudonyms;

    public ClientReferences(Outbox outbox, Pseudonyms pseudonyms) {
        this.outbox = outbox;
        this.pseudonyms = pseudonyms;
    }

    /** The client's reference, drawn now for a new client; call it inside the caller's transaction. */
    Uni<String> of(UUID clientId, Instant now) {
        return ClientReference.<ClientReference>findById(clientId).chain(known -> {
            if (known != null) {
                return Uni.createFrom().item(known.clientRef);
            }
            String drawn = Pseudonyms.newClientRef();
            return ClientReference.claim(clientId, drawn, now).chain(stored -> stored
                    ? announce(clientId, drawn, now).replaceWith(drawn)
                    // another request drew one first
                    : ClientReference.<ClientReference>findById(clientId).map(winner -> winner.clientRef));
        });
    }

    /** The subject is the lookup key too, never the reference: a tombstone outlives compaction for a while. */
    private Uni<UUID> announce(UUID clientId, String clientRef, Instant now) {
        String lookup = pseudonyms.lookupKey(clientId);
        return outbox.add(ClientKeys.TOPIC, ClientKeys.KEY, lookup, lookup, new ClientKeys.ClientKey(clientRef), now);
    }
}
