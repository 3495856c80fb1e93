package dev.rapport.platform.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * What every operation of every Rapport service has in common, written once instead of on each
 * resource method: the problem+json body of every error ({@link ProblemMappers} answers them all),
 * the 400/401/403/404/500/503 that any operation can answer, and who may call it ({@code x-roles}, from
 * the roles Quarkus writes as scopes of the security requirement; it writes them for OpenAPI 3.1
 * only, so in our 3.0.3 documents each operation's description says who may call it). The
 * resources document only what is particular to them.
 */
public class OpenApiConventions implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String VIOLATION = "Violation";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    static final String SHED_RESPONSE = "ServiceUnavailable";
    static final String SHED_REF = "#/components/responses/" + SHED_RESPONSE;
    static final String SHED = "The service is working on as many requests as it takes; nothing of this request was done. "
            + "Retry after `Retry-After` seconds.";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema(VIOLATION, violationSchema());
        components.addSchema(PROBLEM, problemSchema());
        components.addResponse(SHED_RESPONSE, shedResponse());
        Map<String, Schema> schemas = components.getSchemas();
        schemas.values().forEach(schema -> nullableUnlessRequired(schema, schemas));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> conventions(method, operation));
            }
        });
    }

    /**
     * Jackson writes a record's absent value as {@code null}: a property that is not required
     * may be null (OpenAPI 3.0 {@code nullable}). A {@code $ref} cannot carry it, so a reference
     * to a plain value (UUID, Instant, an enum) is written out in place.
     */
    private static void nullableUnlessRequired(Schema schema, Map<String, Schema> schemas) {
        if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
        properties.replaceAll((name, property) -> required.contains(name) ? property : nullable(property, schemas));
        schema.setProperties(properties);
    }

    private static Schema nullable(Schema property, Map<String, Schema> schemas) {
        if (property.getRef() != null) {
            Schema target = schemas.get(property.getRef().substring(property.getRef().lastIndexOf('/') + 1));
            if (target == null || target.getType() == null || target.getType().contains(Schema.SchemaType.NULL)) {
                return property;
            }
            if (target.getType().contains(Schema.SchemaType.OBJECT)) {
                // An object is not written out; "nullable" beside a $ref or around allOf does not
                // let null through in 3.0 validators, anyOf with null does.
                List<Object> onlyNull = new ArrayList<>();
                onlyNull.add(null);
                Schema none = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).addType(Schema.SchemaType.NULL)
                        .enumeration(onlyNull);
                return OASFactory.createSchema().anyOf(List.of(OASFactory.createSchema().ref(property.getRef()), none))
                        .description(property.getDescription());
            }
            Schema inline = OASFactory.createSchema().type(new ArrayList<>(target.getType())).format(target.getFormat())
                    .pattern(target.getPattern()).enumeration(withNull(target.getEnumeration()))
                    .description(property.getDescription() != null ? property.getDescription() : target.getDescription());
            return inline.addType(Schema.SchemaType.NULL);
        }
        if (property.getType() != null && !property.getType().isEmpty() && !property.getType().contains(Schema.SchemaType.NULL)) {
            property.addType(Schema.SchemaType.NULL);
            property.setEnumeration(withNull(property.getEnumeration()));
        }
        return property;
    }

    /** An enum that may be null lists null among its values (OpenAPI 3.0.3: nullable does not widen enum). */
    private static List<Object> withNull(List<Object> values) {
        if (values == null || values.contains(null)) {
            return values;
        }
        List<Object> nullable = new ArrayList<>(values);
        nullable.add(null);
        return nullable;
    }

    private static void conventions(PathItem.HttpMethod method, Operation operation) {
        List<String> roles = rolesOf(operation);
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        // A path id that is not a UUID is a 400 naming the parameter (UuidParams), like a query parameter.
        boolean hasInput = operation.getRequestBody() != null || parameters(operation, "query") || parameters(operation, "header")
                || parameters(operation, "path");
        if (hasInput) {
            standard(responses, "400", "Invalid request: malformed JSON, a field or parameter of the wrong type or out of range. "
                    + "`violations` names each offending field as the request spelled it; fix them and send again.");
        }
        if (operation.getRequestBody() != null) {
            standard(responses, "413", "The body is larger than the service takes (64 KB): requests are small forms.");
            standard(responses, "415", "The body is not application/json.");
        }
        standard(responses, "401", "No bearer token, or an invalid or expired one (wrong issuer, audience or signature): "
                + "sign in again and retry with a fresh access token.");
        if (!roles.isEmpty() || responses.hasAPIResponse("403")) {
            standard(responses, "403", "The token is valid but the caller's role does not allow this call (the description "
                    + "says who may call it), or the caller may not act on this record.");
        }
        if (parameters(operation, "path")) {
            standard(responses, "404", "No such record, or none that the caller may see (ids of other people's records "
                    + "are answered like unknown ones).");
        }
        standard(responses, "500", "An unexpected failure; nothing of the request was changed. Retry later.");
        shed(responses);
        // Every error of every service is problem+json, whatever the annotations said of it.
        responses.getAPIResponses().forEach((code, response) -> {
            if (isError(code) && response.getRef() == null) {
                response.setContent(problemContent(response.getContent()));
            }
        });
        operation.setResponses(sorted(responses));
    }

    /**
     * Quarkus writes the roles of {@code @RolesAllowed} as the scopes of the security
     * requirement; OpenID Connect scopes they are not, so they move to {@code x-roles}.
     */
    private static List<String> rolesOf(Operation operation) {
        List<String> roles = new ArrayList<>();
        if (operation.getSecurity() == null) {
            return roles;
        }
        List<SecurityRequirement> requirements = new ArrayList<>();
        for (SecurityRequirement requirement : operation.getSecurity()) {
            SecurityRequirement scopeless = OASFactory.createSecurityRequirement();
            requirement.getSchemes().forEach((scheme, scopes) -> {
                if (scopes != null) {
                    scopes.stream().filter(role -> !roles.contains(role)).forEach(roles::add);
                }
                scopeless.addScheme(scheme, List.of());
            });
            requirements.add(scopeless);
        }
        operation.setSecurity(requirements);
        if (!roles.isEmpty()) {
            operation.addExtension("x-roles", List.copyOf(roles));
        }
        return roles;
    }

    private static boolean parameters(Operation operation, String in) {
        return operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> p.getIn() == Parameter.In.valueOf(in.toUpperCase()));
    }

    private static void standard(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        } else if (isQuarkusDefault(responses.getAPIResponse(code).getDescription())) {
            responses.getAPIResponse(code).setDescription(description);
        }
    }

    /**
     * Any operation may be shed (503, {@link RequestsInFlight}): a reference to the one response
     * that says so. An operation that answers 503 for a reason of its own says both.
     */
    private static void shed(APIResponses responses) {
        APIResponse declared = responses.getAPIResponse("503");
        if (declared == null) {
            responses.addAPIResponse("503", OASFactory.createAPIResponse().ref(SHED_REF));
        } else {
            declared.setDescription(declared.getDescription() + ". Or: " + SHED);
        }
    }

    private static APIResponse shedResponse() {
        return OASFactory.createAPIResponse().description(SHED)
                .addHeader("Retry-After", OASFactory.createHeader().description("Seconds after which the same request may succeed")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)))
                .content(problemContent(null));
    }

    /** The one-word descriptions Quarkus adds for secured and validated operations say nothing a caller can act on. */
    private static boolean isQuarkusDefault(String description) {
        return description == null || description.equals("Not Authorized") || description.equals("Not Allowed")
                || description.equals("Bad Request");
    }

    private static boolean isError(String code) {
        return code.startsWith("4") || code.startsWith("5");
    }

    private static Content problemContent(Content declared) {
        MediaType problem = declared == null ? null : declared.getMediaType(Problem.MEDIA_TYPE);
        if (problem == null) {
            problem = OASFactory.createMediaType();
        }
        if (problem.getSchema() == null) {
            problem.setSchema(OASFactory.createSchema().ref(PROBLEM_REF));
        }
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problem);
    }

    private static APIResponses sorted(APIResponses responses) {
        Map<String, APIResponse> byCode = new TreeMap<>(responses.getAPIResponses());
        APIResponses ordered = OASFactory.createAPIResponses();
        byCode.forEach(ordered::addAPIResponse);
        if (responses.getExtensions() != null) {
            responses.getExtensions().forEach(ordered::addExtension);
        }
        return ordered;
    }

    private static Schema problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", string("A URI naming the kind of problem, e.g. https://rapport.dev/problems/conflict")
                .format("uri"));
        properties.put("title", string("The kind of problem in words, the same for every occurrence"));
        properties.put("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                .description("The HTTP status code"));
        properties.put("detail", string("What went wrong this time, for a person; never echoes the request body"));
        properties.put("instance", string("The request this problem belongs to, when known").format("uri-reference"));
        properties.put("violations", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                .items(OASFactory.createSchema().ref("#/components/schemas/" + VIOLATION))
                .description("Invalid requests only (400, 422): one entry per offending field"));
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail: the body of every error answer of every Rapport service")
                .properties(properties)
                .required(List.of("type", "title", "status"))
                .example(problemExample());
    }

    /** In a fixed order: the document is compared as text with the file kept in the repository. */
    private static Map<String, Object> problemExample() {
        Map<String, Object> violation = new LinkedHashMap<>();
        violation.put("field", "scheduledStart");
        violation.put("message", "must not be null");
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "https://rapport.dev/problems/invalid-request");
        example.put("title", "Invalid request");
        example.put("status", 400);
        example.put("detail", "scheduledStart must not be null");
        example.put("violations", List.of(violation));
        return example;
    }

    private static Schema violationSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("field", string("The field as the client sent it: a JSON property (answers.9), a query "
                + "parameter (size) or a header"));
        properties.put("message", string("Why it is invalid"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).properties(properties)
                .required(List.of("field", "message"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
