package dev.rapport.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clients a service builds itself get the deployment's Kafka security settings, not only the address. */
class KafkaClientsTest {

    private static final Map<String, Object> DEPLOYED = Map.of(
            "bootstrap.servers", "rapport-kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.type", "PEM",
            "ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----",
            "health-enabled", "true");

    private final KafkaClients kafka = new KafkaClients(DEPLOYED);

    @Test
    void anAdminClientHasTheSecuritySettingsItsOwnAndNoUnknownOnes() {
        Map<String, Object> admin = kafka.admin("readiness", Map.of("request.timeout.ms", 2000));
        for (String name : DEPLOYED.keySet()) {
            if (!name.equals("health-enabled")) {
                assertEquals(DEPLOYED.get(name), admin.get(name), name);
            }
        }
        assertEquals("readiness", admin.get("client.id"));
        assertEquals(2000, admin.get("request.timeout.ms"));
        assertFalse(admin.containsKey("health-enabled"), "not an admin client setting");
    }

    @Test
    void aConsumerHasTheSecuritySettingsAndItsOwnWin() {
        Map<String, Object> consumer = kafka.consumer("rebuild", Map.of("enable.auto.commit", "false", "bootstrap.servers", "elsewhere:9092"));
        assertEquals("SASL_SSL", consumer.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", consumer.get("sasl.mechanism"));
        assertEquals("PEM", consumer.get("ssl.truststore.type"));
        assertEquals("false", consumer.get("enable.auto.commit"));
        assertEquals("elsewhere:9092", consumer.get("bootstrap.servers"));
        assertEquals("rebuild", consumer.get("client.id"));
    }
}
