package dev.rapport.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.junit.jupiter.api.Test;

class OpenApiConventionsTest {

    @Test
    void everyErrorOfAnOperationIsAProblemAndTheCommonOnesAreAdded() {
        Operation end = OASFactory.createOperation()
                .addParameter(OASFactory.createParameter().name("id").in(Parameter.In.PATH))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("The session"))
                        .addAPIResponse("409", OASFactory.createAPIResponse().description("Not IN_PROGRESS")))
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("keycloak", List.of("counsellor", "admin")));
        OpenAPI document = document("/api/sessions/{id}/end", end);

        new OpenApiConventions().filterOpenAPI(document);

        // 400: a path id that is not a UUID is a bad request naming the parameter.
        assertEquals(List.of("200", "400", "401", "403", "404", "409", "500", "503"), List.copyOf(end.getResponses().getAPIResponses().keySet()));
        assertNull(end.getResponses().getAPIResponse("200").getContent(), "a success keeps what the resource says");
        for (String code : List.of("400", "401", "403", "404", "409", "500")) {
            Schema schema = end.getResponses().getAPIResponse(code).getContent().getMediaType("application/problem+json").getSchema();
            assertEquals("#/components/schemas/Problem", schema.getRef(), code);
        }
        assertEquals("Not IN_PROGRESS", end.getResponses().getAPIResponse("409").getDescription());
        assertEquals(List.of("counsellor", "admin"), end.getExtensions().get("x-roles"));
        assertTrue(end.getSecurity().get(0).getScheme("keycloak").isEmpty(), "roles are no OpenID Connect scopes");
        assertTrue(document.getComponents().getSchemas().containsKey("Problem"));
        // Any operation may be shed (RequestsInFlight): one response, referenced.
        assertEquals("#/components/responses/ServiceUnavailable", end.getResponses().getAPIResponse("503").getRef());
        assertTrue(document.getComponents().getResponses().get("ServiceUnavailable").getHeaders().containsKey("Retry-After"));
    }

    @Test
    void anOperationWithA503OfItsOwnSaysItMayAlsoBeShed() {
        Operation schedule = OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("503", OASFactory.createAPIResponse().description("The identity provider does not answer")));
        new OpenApiConventions().filterOpenAPI(document("/api/sessions", schedule));

        assertTrue(schedule.getResponses().getAPIResponse("503").getDescription()
                .startsWith("The identity provider does not answer. Or: The service is working on as many requests"));
    }

    @Test
    void onlyAnOperationWithInputCanBeABadRequest() {
        Operation get = OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse().description("The instruments")));
        new OpenApiConventions().filterOpenAPI(document("/api/instruments", get));

        assertFalse(get.getResponses().hasAPIResponse("400"));
        assertFalse(get.getResponses().hasAPIResponse("404"));
        assertTrue(get.getResponses().hasAPIResponse("401"));
    }

    @Test
    void aPropertyThatIsNotRequiredMayBeNullAndAReferencedEnumIsWrittenOutWithNull() {
        Schema status = OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(Arrays.asList("OPEN", "RESOLVED"));
        Schema alert = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("id", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("outcome", OASFactory.createSchema().ref("#/components/schemas/Status"))
                .addProperty("note", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .required(List.of("id"));
        OpenAPI document = document("/api/alerts", OASFactory.createOperation());
        document.getComponents().addSchema("Status", status).addSchema("Alert", alert);

        new OpenApiConventions().filterOpenAPI(document);

        assertFalse(alert.getProperties().get("id").getType().contains(Schema.SchemaType.NULL));
        assertTrue(alert.getProperties().get("note").getType().contains(Schema.SchemaType.NULL));
        Schema outcome = alert.getProperties().get("outcome");
        assertNull(outcome.getRef());
        assertTrue(outcome.getType().contains(Schema.SchemaType.NULL));
        assertEquals(Arrays.asList("OPEN", "RESOLVED", null), outcome.getEnumeration());
        assertEquals(List.of("OPEN", "RESOLVED"), status.getEnumeration(), "the enum itself is unchanged");
    }

    private static OpenAPI document(String path, Operation operation) {
        return OASFactory.createOpenAPI()
                .components(OASFactory.createComponents())
                .paths(OASFactory.createPaths().addPathItem(path, OASFactory.createPathItem().GET(operation)));
    }
}
