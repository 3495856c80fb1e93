package dev.rapport.platform.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A whole batch's rows as one jsonb parameter, which a statement reads back with
 * {@code jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(column type, ...)}: one round
 * trip for the batch instead of one per row. The parameter is cast to text first: typed jsonb, the
 * PostgreSQL client would send the Java string as a JSON string, not as the document it holds.
 * Values are strings (ids, times, days), numbers (BigDecimal stays exact: jsonb numbers are
 * PostgreSQL numerics), booleans or null.
 */
public final class RecordSet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordSet() {}

    /** Ids as one text parameter, read back with {@code unnest(string_to_array(:ids, ','))}; each once. */
    public static String ids(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).distinct().collect(Collectors.joining(","));
    }

    public static String of(List<Map<String, Object>> rows) {
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rows that cannot be written as JSON", e);
        }
    }
}
