package dev.rapport.platform;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * platform-support's test database on the machine's PostgreSQL (127.0.0.1:5432, user postgres,
 * trust auth, as every module's tests): created when missing; ./platform test recreates it empty
 * with the services' test databases. Flyway applies db/platform at start.
 */
public class PlatformDatabase implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "rapport_platform_test";

    @Override
    public Map<String, String> start() {
        String host = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("PGPORT", "5432");
        String user = System.getenv().getOrDefault("PGUSER", "postgres");
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + NAME);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database " + NAME + " on " + host + ":" + port + " as " + user, e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
