package dev.rapport.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidParamsTest {

    private final UuidParams params = new UuidParams();

    @Test
    void aWellFormedIdIsConvertedAndOtherTypesAreLeftToTheRuntime() {
        UUID id = UUID.randomUUID();
        assertEquals(id, converter("sessionId").fromString(id.toString()));
        assertNull(converter("sessionId").fromString(null));
        assertNull(params.getConverter(String.class, String.class, new Annotation[0]));
    }

    @Test
    void aMalformedPathIdIsA400ProblemNamingThePathParameter() {
        WebApplicationException thrown = assertThrows(WebApplicationException.class, () -> converter("sessionId").fromString("not-a-uuid"));
        // Mapped as problem+json by ProblemMappers, which unwraps the cause.
        Response response = new ProblemMappers().webApplication(thrown);
        assertEquals(400, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        Problem problem = (Problem) response.getEntity();
        assertEquals("sessionId must be a UUID", problem.detail());
        assertEquals(List.of(new Problem.Violation("sessionId", "must be a UUID")), problem.violations());
    }

    @Test
    void aQueryParameterIsNamedToo() {
        @SuppressWarnings("unchecked")
        ParamConverter<UUID> converter = params.getConverter(UUID.class, UUID.class, new Annotation[] {query("counsellorId")});
        WebApplicationException thrown = assertThrows(WebApplicationException.class, () -> converter.fromString("42"));
        ProblemException problem = (ProblemException) thrown.getCause();
        assertEquals("counsellorId", problem.problem().violations().get(0).field());
        assertEquals(400, problem.problem().status());
    }

    private ParamConverter<UUID> converter(String name) {
        return params.getConverter(UUID.class, UUID.class, new Annotation[] {path(name)});
    }

    private static PathParam path(String name) {
        return new PathParam() {
            @Override
            public String value() {
                return name;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PathParam.class;
            }
        };
    }

    private static QueryParam query(String name) {
        return new QueryParam() {
            @Override
            public String value() {
                return name;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return QueryParam.class;
            }
        };
    }
}
