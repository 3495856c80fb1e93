package dev.rapport.session.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A client and their pseudonymous reference: the only link between the two (docs/privacy.md). */
@Entity
@Table(name = "client_reference")
public class ClientReference extends PanacheEntityBase {

    private static final String CLAIM = """
            INSERT INTO client_reference (client_id, client_ref, created_at, announced_at) VALUES (:client, :ref, :now, :now)
            ON CONFLICT (client_id) DO NOTHING
            """;

    @Id
    @Column(name = "client_id")
    public UUID clientId;

    @Column(name = "client_ref")
    public String clientRef;

    @Column(name = "created_at")
    public Instant createdAt;

    /** When the client's key was last announced on client-keys; null: still to announce. */
    @Column(name = "announced_at")
    public Instant announcedAt;

    /**
     * Stores {@code candidate} as the client's reference unless they have one; true when it was
     * stored (a new client). Safe against a concurrent first session of the same client.
     */
    public static Uni<Boolean> claim(UUID clientId, String candidate, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery(CLAIM)
                .setParameter("client", clientId).setParameter("ref", candidate).setParameter("now", now)
                .executeUpdate()).map(rows -> rows == 1);
    }
}
