package dev.rapport.platform.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The settings of every Kafka client a service builds itself (admin clients, plain consumers),
 * taken from the one Kafka configuration of the service (Quarkus' {@code default-kafka-broker}:
 * every {@code kafka.*} property, i.e. every {@code KAFKA_*} variable), so that what a deployment
 * sets for its channels (bootstrap servers, {@code security.protocol}, SASL, TLS trust) reaches
 * these clients too. Only the settings the client knows are passed on.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> broker;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> broker) {
        this.broker = Map.copyOf(broker);
    }

    /** An admin client's settings: the service's, its client id, then {@code settings}. */
    public Map<String, Object> admin(String clientId, Map<String, Object> settings) {
        return of(AdminClientConfig.configNames(), clientId, settings);
    }

    /** A consumer's settings: the service's, its client id, then {@code settings}. */
    public Map<String, Object> consumer(String clientId, Map<String, Object> settings) {
        return of(ConsumerConfig.configNames(), clientId, settings);
    }

    private Map<String, Object> of(Set<String> known, String clientId, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>();
        broker.forEach((name, value) -> {
            if (known.contains(name)) {
                config.put(name, value);
            }
        });
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        config.putAll(settings);
        return config;
    }
}
