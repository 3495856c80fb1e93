package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a rendered object against its kind: the Kubernetes API's own kinds against fabric8's typed
 * model, every custom resource against the full schema of its operator's CRD (vendored in
 * deploy/kubernetes/crds, see {@link Crds}), as the API server would: the version must be served
 * and not deprecated, unknown fields are errors (strict field validation, kubectl's default).
 *
 * <p>The typed models are read strictly: an unknown field is an error. Jackson's
 * FAIL_ON_UNKNOWN_PROPERTIES alone would not do it, because fabric8's classes keep unknown fields
 * in an "additionalProperties" map (@JsonAnySetter): the mapper below ignores that annotation and
 * any ignoreUnknown, and refuses scalars of the wrong type (a string where the API wants a number),
 * as the API server does.
 */
final class Schemas {

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }

                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                    return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
                }
            })
            .build();

    /** apiVersion/kind -> typed model: the Kubernetes API's own kinds (no CRD). */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class));

    /**
     * The keywords of OpenAPI v3 and Kubernetes' extensions that {@link #validate} knows. A vendored
     * CRD using any other fails CrdTest, so no part of a schema is silently skipped. Of these,
     * only {@link #NOT_EVALUATED} are not checked.
     */
    static final java.util.Set<String> KEYWORDS = java.util.Set.of(
            "type", "properties", "additionalProperties", "items", "required", "enum", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "pattern", "minLength", "maxLength", "minItems", "maxItems",
            "minProperties", "maxProperties", "uniqueItems", "anyOf", "oneOf", "allOf", "not", "nullable",
            "format", "description", "default", "example", "title",
            "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
            "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-validations");

    /**
     * Checked by the API server only: CEL rules (x-kubernetes-validations) need a CEL interpreter;
     * formats are checked by Kubernetes for a handful of names only. {@link #validate} collects the
     * CEL rules that apply to the rendered objects (CrdTest lists them).
     */
    static final java.util.Set<String> NOT_EVALUATED = java.util.Set.of("x-kubernetes-validations", "format");

    private Schemas() {
    }

    /** What is wrong with the object; empty when it is valid for its kind. */
    static List<String> violations(JsonNode object) {
        return violations(object, new ArrayList<>());
    }

    /** As {@link #violations(JsonNode)}; adds to celRules each CEL rule that applies to the object but is not evaluated here. */
    static List<String> violations(JsonNode object, List<String> celRules) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String where = Rendered.id(object);
        List<String> errors = new ArrayList<>();
        if (Rendered.name(object).isEmpty()) {
            errors.add(where + ": no metadata.name");
        }
        Class<?> model = MODELS.get(apiVersion + "/" + kind);
        var crd = Crds.find(apiVersion, kind);
        if (model != null) {
            String error = strictError(object, model);
            if (error != null) {
                errors.add(where + ": " + error);
            }
        } else if (crd.isPresent()) {
            Crds.Version version = crd.get();
            if (!version.served()) {
                errors.add(where + ": " + apiVersion + " is not served by " + Repo.KUBERNETES.relativize(version.file()));
            }
            if (version.deprecated()) {
                errors.add(where + ": " + apiVersion + " is deprecated in " + Repo.KUBERNETES.relativize(version.file()));
            }
            // The API server checks metadata itself (the CRD says "type: object" only).
            String metadataError = strictError(object.path("metadata"), io.fabric8.kubernetes.api.model.ObjectMeta.class);
            if (metadataError != null) {
                errors.add(where + ": .metadata: " + metadataError);
            }
            List<String> schemaErrors = new ArrayList<>();
            validate(rootSchema(version.schema()), withoutImplicit(object), "", schemaErrors, true, celRules);
            schemaErrors.forEach(e -> errors.add(where + ": " + e));
        } else {
            errors.add(where + ": no model or vendored CRD for " + apiVersion + "/" + kind
                    + " (add one to Schemas.MODELS or deploy/kubernetes/crds)");
        }
        return errors;
    }

    private static final List<String> IMPLICIT = List.of("apiVersion", "kind", "metadata");

    /**
     * apiVersion, kind and metadata are the API server's own, whether the CRD declares them or not
     * (some generators leave them out); metadata is checked above against ObjectMeta.
     */
    private static JsonNode withoutImplicit(JsonNode object) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) object).deepCopy();
        copy.remove(IMPLICIT);
        return copy;
    }

    private static JsonNode rootSchema(JsonNode schema) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) schema).deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode required = copy.putArray("required");
        schema.path("required").forEach(r -> {
            if (!IMPLICIT.contains(r.asText())) {
                required.add(r);
            }
        });
        return copy;
    }

    /** The first error of a strict read into the model, or null. */
    static String strictError(JsonNode node, Class<?> model) {
        try {
            STRICT.treeToValue(node, model);
            return null;
        } catch (Exception e) {
            return e.getMessage().replaceAll("\\s+", " ");
        }
    }

    /**
     * An OpenAPI v3 structural schema as the API server applies it (with strict field validation,
     * kubectl's default): a field the schema does not declare is an error unless
     * x-kubernetes-preserve-unknown-fields; type, required, enum, bounds, lengths, patterns,
     * list uniqueness (x-kubernetes-list-type set/map) and anyOf/oneOf/allOf/not. In those
     * combinators' branches ({@code structural} false) only values are checked, as Kubernetes
     * allows nothing else there.
     */
    static void validate(JsonNode schema, JsonNode value, String path, List<String> errors, boolean structural,
                         List<String> celRules) {
        String at = path.isEmpty() ? "." : path;
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(at + ": must not be null");
            }
            return;
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            celRules.add(at + ": " + rule.path("rule").asText());
        }
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        if (intOrString && !value.isIntegralNumber() && !value.isTextual()) {
            errors.add(at + ": must be an integer or a string");
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    errors.add(at + ": must be an object, is " + value.getNodeType());
                    return;
                }
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.get("additionalProperties");
                boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    var field = it.next();
                    String child = path + "." + field.getKey();
                    if (properties.has(field.getKey())) {
                        validate(properties.get(field.getKey()), field.getValue(), child, errors, structural, celRules);
                    } else if (additional != null && additional.isObject()) {
                        validate(additional, field.getValue(), child, errors, structural, celRules);
                    } else if (structural && !preserve && !(additional != null && additional.asBoolean(false))) {
                        errors.add(child + ": unknown field \"" + field.getKey() + "\"");
                    }
                }
                if (schema.has("minProperties") && value.size() < schema.get("minProperties").asInt()) {
                    errors.add(at + ": must have at least " + schema.get("minProperties") + " fields");
                }
                if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asInt()) {
                    errors.add(at + ": must have at most " + schema.get("maxProperties") + " fields");
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(at + ": must be an array, is " + value.getNodeType());
                    return;
                }
                if (schema.has("items")) {
                    for (int i = 0; i < value.size(); i++) {
                        validate(schema.get("items"), value.get(i), path + "[" + i + "]", errors, structural, celRules);
                    }
                }
                if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                    errors.add(at + ": must have at least " + schema.get("minItems") + " items");
                }
                if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                    errors.add(at + ": must have at most " + schema.get("maxItems") + " items");
                }
                listUniqueness(schema, value, at, errors);
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(at + ": must be a string, is " + value.getNodeType());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(at + ": must be an integer, is " + value.getNodeType());
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(at + ": must be a number, is " + value.getNodeType());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(at + ": must be a boolean, is " + value.getNodeType());
                }
            }
            case "" -> {
                // no type: anything (int-or-string is checked above)
            }
            default -> throw new IllegalStateException("unsupported schema type " + type + " at " + at);
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    errors.add(at + ": missing required field \"" + required.asText() + "\"");
                }
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                errors.add(at + ": must be >= " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                errors.add(at + ": must be <= " + schema.get("maximum"));
            }
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (schema.has("pattern") && !java.util.regex.Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
                errors.add(at + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
            }
            int length = text.codePointCount(0, text.length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                errors.add(at + ": must be at least " + schema.get("minLength") + " characters long");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                errors.add(at + ": must be at most " + schema.get("maxLength") + " characters long");
            }
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                errors.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        combinators(schema, value, path, at, errors, celRules);
    }

    private static void combinators(JsonNode schema, JsonNode value, String path, String at, List<String> errors,
                                    List<String> celRules) {
        for (JsonNode all : schema.path("allOf")) {
            validate(all, value, path, errors, false, celRules);
        }
        if (schema.has("anyOf")) {
            long matching = branchesMatching(schema.get("anyOf"), value, path, celRules);
            if (matching == 0) {
                errors.add(at + ": matches none of anyOf " + schema.get("anyOf"));
            }
        }
        if (schema.has("oneOf")) {
            long matching = branchesMatching(schema.get("oneOf"), value, path, celRules);
            if (matching != 1) {
                errors.add(at + ": must match exactly one of oneOf " + schema.get("oneOf") + ", matches " + matching);
            }
        }
        if (schema.has("not") && branchesMatching(List.of(schema.get("not")), value, path, celRules) > 0) {
            errors.add(at + ": must not match " + schema.get("not"));
        }
    }

    private static long branchesMatching(Iterable<JsonNode> branches, JsonNode value, String path, List<String> celRules) {
        long matching = 0;
        for (JsonNode branch : branches) {
            List<String> branchErrors = new ArrayList<>();
            validate(branch, value, path, branchErrors, false, celRules);
            if (branchErrors.isEmpty()) {
                matching++;
            }
        }
        return matching;
    }

    /** x-kubernetes-list-type set: no item twice; map: no two items with the same x-kubernetes-list-map-keys. */
    private static void listUniqueness(JsonNode schema, JsonNode list, String at, List<String> errors) {
        String listType = schema.path("x-kubernetes-list-type").asText("atomic");
        java.util.Set<JsonNode> seen = new java.util.HashSet<>();
        for (JsonNode item : list) {
            JsonNode key = item;
            if ("map".equals(listType)) {
                com.fasterxml.jackson.databind.node.ObjectNode keys = Rendered.YAML.createObjectNode();
                schema.path("x-kubernetes-list-map-keys").forEach(k -> keys.set(k.asText(), item.path(k.asText())));
                key = keys;
            } else if (!"set".equals(listType)) {
                return;
            }
            if (!seen.add(key)) {
                errors.add(at + ": " + key + " twice in a list of type " + listType);
            }
        }
    }
}
