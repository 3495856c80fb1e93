package dev.rapport.platform.health;

import dev.rapport.platform.messaging.KafkaClients;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Kafka broker that answers within two seconds, broker or not. (Quarkus' own
 * Kafka check waits for the admin client's default timeout, so a probe hangs while the broker is
 * down.) The outbox keeps the API working during an outage; readiness only tells operators. The
 * admin client has the service's Kafka settings ({@link KafkaClients}): against a TLS + SASL
 * listener a bare bootstrap address would never connect, and no pod would become ready.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final Admin admin;

    public BrokerReadiness(KafkaClients kafka) {
        this.admin = Admin.create(kafka.admin("readiness", Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                        .nodes().toCompletionStage())
                .map(nodes -> HealthCheckResponse.named("Kafka broker").status(!nodes.isEmpty()).withData("nodes", nodes.size()).build())
                .ifNoItem().after(TIMEOUT.plusMillis(500)).fail()
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("Kafka broker").down()
                        .withData("reason", failure.getClass().getSimpleName()).build());
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
