package dev.rapport.platform.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * A request body means one thing or is refused (400): the hostile-input suite (e2e
 * HostileInputTest) found bodies that Jackson's defaults read one way and another parser (a
 * gateway, an audit tool, a client library) reads another, and stored them.
 * <ul>
 * <li>a key given twice ({@code "modality":"AUDIO","modality":"VIDEO"}: Jackson kept the last);
 * <li>anything after the JSON value ({@code {...}garbage}, two documents);
 * <li>an enum given by its index ({@code "modality":0} was VIDEO);
 * <li>a number or boolean where the OpenAPI document says string ({@code "reason":12345}), and a
 * string where it says number or boolean ({@code "page":"2"} in a body).
 * </ul>
 * Only the REST layer's mapper is affected: events are read by {@link dev.rapport.platform.messaging.IncomingEvent}'s
 * own, tolerant one.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** The same rules on any mapper (tests). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }
}
