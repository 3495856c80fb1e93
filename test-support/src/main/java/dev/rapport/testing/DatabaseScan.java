package dev.rapport.testing;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * Every row of every table of a service's database as text, searched for values that must not be
 * there (an erased client's id or reference). Flyway's own history is left out.
 */
public final class DatabaseScan {

    private DatabaseScan() {}

    /** "table: row" for each row of any table whose text holds one of the values; empty when none does. */
    public static List<String> rowsHolding(Pool pool, String... values) {
        List<String> found = new ArrayList<>();
        List<String> tables = pool.query("""
                SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history'
                """).execute().await().indefinitely().stream().map(row -> row.getString(0)).toList();
        for (String table : tables) {
            for (Row row : pool.query("SELECT t::text FROM \"" + table + "\" t").execute().await().indefinitely()) {
                String text = row.getString(0);
                for (String value : values) {
                    if (text.contains(value)) {
                        found.add(table + ": " + text);
                    }
                }
            }
        }
        return found;
    }
}
