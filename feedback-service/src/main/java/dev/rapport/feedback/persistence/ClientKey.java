package dev.rapport.feedback.persistence;

import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Map;

/** A client's lookup key and reference, as the compacted client-keys topic holds them. */
@Entity
@Table(name = "client_key")
public class ClientKey extends PanacheEntityBase {

    private static final String UPSERT = """
            INSERT INTO client_key (lookup_key, client_ref)
            SELECT lookup_key, client_ref FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb))
                   AS r(lookup_key varchar, client_ref varchar)
            ON CONFLICT (lookup_key) DO UPDATE SET client_ref = excluded.client_ref
            """;

    @Id
    @Column(name = "lookup_key")
    public String lookupKey;

    @Column(name = "client_ref")
    public String clientRef;

    /** The reference of the client with this lookup key, or null while client-keys has not brought it. */
    public static Uni<String> refOf(String lookupKey) {
        return ClientKey.<ClientKey>findById(lookupKey).map(key -> key == null ? null : key.clientRef);
    }

    /** A batch of keys in one statement; the latest per lookup key wins, as on the compacted topic. */
    public static Uni<Void> store(Map<String, String> refByLookupKey) {
        if (refByLookupKey.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = refByLookupKey.entrySet().stream()
                .map(e -> Map.<String, Object>of("lookup_key", e.getKey(), "client_ref", e.getValue())).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT).setParameter("rows", RecordSet.of(rows)).executeUpdate())
                .replaceWithVoid();
    }

    public static Uni<Void> forget(List<String> lookupKeys) {
        return lookupKeys.isEmpty() ? Uni.createFrom().voidItem() : delete("lookupKey in ?1", lookupKeys).replaceWithVoid();
    }
}
