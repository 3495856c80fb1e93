package dev.rapport.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A body that parsers could read two ways is refused, as a 400 that names what is wrong. */
class StrictJsonTest {

    enum Modality { VIDEO, AUDIO }

    record Request(String reason, Modality modality, Integer size, Boolean urgent, Map<String, Object> answers) {}

    private final ObjectMapper mapper = StrictJson.apply(new ObjectMapper());
    private final ProblemMappers mappers = new ProblemMappers();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"modality\":\"AUDIO\",\"modality\":\"VIDEO\"}",
            "{\"reason\":\"a\"}garbage",
            "{\"reason\":\"a\"}{\"reason\":\"b\"}",
            "{\"modality\":0}",
            "{\"reason\":12345}", "{\"reason\":true}", "{\"reason\":1e400}",
            "{\"size\":\"2\"}", "{\"urgent\":\"true\"}"})
    void isRefusedAsA400(String body) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> mapper.readValue(body, Request.class));
        assertEquals(400, mappers.unreadable(e).getStatus());
    }

    @Test
    void whatTheDocumentSaysIsStillRead() throws Exception {
        Request request = mapper.readValue("{\"reason\":\"a\",\"modality\":\"AUDIO\",\"size\":2,\"urgent\":true,"
                + "\"answers\":{\"1\":9.5,\"2\":\"3\",\"3\":true}}", Request.class);
        assertEquals(new Request("a", Modality.AUDIO, 2, true, Map.of("1", 9.5, "2", "3", "3", true)), request);
    }
}
