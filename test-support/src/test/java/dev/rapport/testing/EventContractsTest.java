package dev.rapport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The schema files themselves: well-formed, named after their type, and as strict as they claim. */
class EventContractsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySchemaIsADraft202012SchemaNamedAfterItsFile() throws IOException {
        SchemaRegistry meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        var metaSchema = meta.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> file : EventContracts.files().entrySet()) {
            String name = file.getKey();
            String text = Files.readString(file.getValue());
            JsonNode schema = JSON.readTree(text);
            if (!"https://json-schema.org/draft/2020-12/schema".equals(schema.path("$schema").asText())) {
                problems.add(name + ": $schema is not draft 2020-12");
            }
            if (!(EventContracts.BASE + name).equals(schema.path("$id").asText())) {
                problems.add(name + ": $id is not " + EventContracts.BASE + name);
            }
            if (name.startsWith("rapport.") && !name.equals(schema.path("title").asText() + ".json")) {
                problems.add(name + ": title is not the type");
            }
            if (text.contains("\"additionalProperties\": false") || text.contains("\"unevaluatedProperties\": false")) {
                problems.add(name + ": closed to additions (consumers must accept properties they do not know)");
            }
            metaSchema.validate(text, InputFormat.JSON).forEach(e -> problems.add(name + ": " + e));
        }
        assertEquals(List.of(), problems);
        assertTrue(EventContracts.types().size() >= 17, "every event type: " + EventContracts.types());
    }

    @Test
    void aSchemaRefusesWhatBreaksItAndConsumersAcceptAdditionsProducersDoNot() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree("""
                {"sessionId":"8a3e7c1e-4d0b-4b8e-9a62-2f0c1d5e6a7b","counsellorId":"0b6f7c1e-4d0b-4b8e-9a62-2f0c1d5e6a7b",
                 "clientRef":"0123456789abcdef0123456789abcdef","status":"ENDED","modality":"VIDEO",
                 "scheduledStart":"2026-12-01T10:00:00Z","startedAt":"2026-12-01T10:01:00Z","endedAt":"2026-12-01T10:51:00Z",
                 "durationSeconds":3000,"occurredAt":"2026-12-01T10:51:00.123456Z"}""");
        String type = "rapport.session.ended.v1";
        EventContracts.assertProduced(type, event.toString());

        ObjectNode added = event.deepCopy().put("room", "blue");
        EventContracts.assertValid(type, added.toString());
        assertThrows(AssertionError.class, () -> EventContracts.assertProduced(type, added.toString()), "a producer documents an addition first");

        for (var broken : List.of(event.deepCopy().without("counsellorId"), event.deepCopy().put("status", "CANCELLED"),
                event.deepCopy().put("clientRef", "4711"), event.deepCopy().put("endedAt", "yesterday"),
                event.deepCopy().put("sessionId", "42"), event.deepCopy().putNull("endedAt"), event.deepCopy().put("modality", "PHONE"))) {
            assertFalse(EventContracts.errors(type, broken.toString(), false).isEmpty(), "refused: " + broken);
        }
        assertThrows(AssertionError.class, () -> EventContracts.assertValid("rapport.session.renamed.v1", "{}"), "a type without a schema");
    }

    @Test
    void aTombstoneHasNoValue() {
        EventContracts.assertProduced("rapport.client.key.erased.v1", null);
        assertThrows(AssertionError.class, () -> EventContracts.assertProduced("rapport.client.key.erased.v1", "{}"));
    }

    @Test
    void eachSchemaIsOwnedByItsProducer() {
        assertEquals("session-service", EventContracts.owner("rapport.session.started.v1"));
        assertEquals("feedback-service", EventContracts.owner("rapport.feedback.submitted.v1"));
        assertEquals("analytics-service", EventContracts.owner("rapport.metrics.counsellor.v1"));
        assertEquals("platform-support", EventContracts.owner("rapport.client.erasure.completed.v1"));
    }

    @Test
    void aFixtureIsCheckedBeforeItIsSentAndAPoisonRecordOnlyGoesRaw() {
        UUID id = UUID.randomUUID();
        Map<String, String> headers = Map.of("ce_id", id.toString(), "ce_type", "rapport.client.key.v1", "ce_subject", "k");
        TestKafka.record("client-keys", "k", "{\"clientRef\":\"0123456789abcdef0123456789abcdef\",\"extra\":1}", headers);

        AssertionError broken = assertThrows(AssertionError.class,
                () -> TestKafka.record("client-keys", "k", "{\"clientRef\":\"4711\"}", headers));
        assertTrue(broken.getMessage().contains("rapport.client.key.v1") && broken.getMessage().contains("clientRef"), broken.getMessage());
        AssertionError wrongTopic = assertThrows(AssertionError.class,
                () -> TestKafka.record("session-events", "k", "{\"clientRef\":\"0123456789abcdef0123456789abcdef\"}", headers));
        assertTrue(wrongTopic.getMessage().contains("session-events"), wrongTopic.getMessage());
        assertThrows(AssertionError.class, () -> TestKafka.record("client-keys", "k", "{}", Map.of("ce_id", id.toString())), "no ce_type");

        assertEquals("{not json", TestKafka.rawRecord("client-keys", "k", "{not json", headers).value());
    }

    @Test
    void aRecordReadFromATopicIsHeldToWhatItsProducerDeclares() {
        ConsumerRecord<String, String> ok = read("client-keys", "rapport.client.key.v1", "{\"clientRef\":\"0123456789abcdef0123456789abcdef\"}");
        EventContracts.assertProduced(ok);
        EventContracts.assertProduced(read("client-keys", "rapport.client.key.erased.v1", null));

        AssertionError undeclared = assertThrows(AssertionError.class, () -> EventContracts.assertProduced(
                read("client-keys", "rapport.client.key.v1", "{\"clientRef\":\"0123456789abcdef0123456789abcdef\",\"clientId\":\"x\"}")));
        assertTrue(undeclared.getMessage().contains("rapport.client.key.v1") && undeclared.getMessage().contains("clientId"), undeclared.getMessage());
        assertThrows(AssertionError.class, () -> EventContracts.assertProduced(read("client-keys", null, "{}")), "no ce_type");
        assertThrows(AssertionError.class, () -> EventContracts.assertProduced(read("alerts", "rapport.client.key.v1",
                "{\"clientRef\":\"0123456789abcdef0123456789abcdef\"}")), "not a topic of the type");
    }

    private static ConsumerRecord<String, String> read(String topic, String type, String value) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, 42L, "k", value);
        record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        if (type != null) {
            record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
