package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.rapport.testing.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One more instance of a service, from the jar the build made, beside the one ./platform runs:
 * the same database, broker and realm, its own port. For tests of what several replicas do.
 */
final class ServiceInstance implements AutoCloseable {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private final String service;
    private final int port;
    private final Map<String, String> environment;
    private Process process;

    private ServiceInstance(String service, int port, Map<String, String> settings) {
        this.service = service;
        this.port = port;
        String db = "rapport_" + service.replace("-service", "") + System.getenv().getOrDefault("RAPPORT_DB_SUFFIX", "");
        this.environment = new HashMap<>(Map.of(
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + db,
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + db,
                "KAFKA_BOOTSTRAP_SERVERS", Platform.KAFKA,
                "QUARKUS_OIDC_AUTH_SERVER_URL", Platform.KEYCLOAK + "/realms/rapport",
                "RAPPORT_AUDIT_PATH", ROOT.resolve(".local/logs/" + service + "-" + port + "-audit.log").toString()));
        if (!service.equals("analytics-service")) {
            // the lookup key of client references: never analytics' (docs/privacy.md)
            this.environment.put("RAPPORT_PSEUDONYM_KEY", System.getenv().getOrDefault("RAPPORT_PSEUDONYM_KEY", "local-development-pseudonym-key"));
        }
        // against the secured broker: the service's own Kafka user, as ./platform starts it
        this.environment.putAll(TestKafka.serviceEnvironment(service));
        this.environment.putAll(settings);
    }

    /** Starts the instance and waits until it is ready. */
    static ServiceInstance start(String service, int port, Map<String, String> settings) {
        ServiceInstance instance = new ServiceInstance(service, port, settings);
        instance.start();
        return instance;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL, as a crashed pod: no shutdown hook, no transaction finished. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void start() {
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar",
                ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ROOT.resolve(".local/logs/" + service + "-" + port + ".log").toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            await().atMost(Duration.ofSeconds(240)).ignoreExceptions()
                    .until(() -> given().get(url() + "/q/health/ready").then().extract().statusCode() == 200);
        } catch (RuntimeException notReady) {
            process.destroyForcibly();
            throw notReady;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
