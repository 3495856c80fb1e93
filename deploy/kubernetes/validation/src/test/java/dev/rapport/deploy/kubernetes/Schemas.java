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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a rendered object against its kind: a typed model where a registry serves one (fabric8's
 * Kubernetes and Prometheus-operator models, Strimzi's api), else a committed, trimmed copy of the
 * CRD's OpenAPI schema (CloudNativePG, Keycloak; src/test/resources/schemas).
 *
 * <p>The typed models are read strictly: an unknown field is an error. Jackson's
 * FAIL_ON_UNKNOWN_PROPERTIES alone would not do it, because fabric8's and Strimzi's classes keep
 * unknown fields in an "additionalProperties" map (@JsonAnySetter): the mapper below ignores that
 * annotation and any ignoreUnknown, and refuses scalars of the wrong type (a string where the API
 * wants a number), as the API server does.
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

    /** apiVersion/kind -> typed model. */
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
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class));

    /** apiVersion/kind -> trimmed CRD schema (resource). */
    static final Map<String, String> CRD_SCHEMAS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "schemas/cnpg-cluster.json",
            "postgresql.cnpg.io/v1/Database", "schemas/cnpg-database.json",
            "k8s.keycloak.org/v2alpha1/Keycloak", "schemas/keycloak.json",
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", "schemas/keycloak-realm-import.json");

    private Schemas() {
    }

    /** What is wrong with the object; empty when it is valid for its kind. */
    static List<String> violations(JsonNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String where = Rendered.id(object);
        List<String> errors = new ArrayList<>();
        if (Rendered.name(object).isEmpty()) {
            errors.add(where + ": no metadata.name");
        }
        Class<?> model = MODELS.get(key);
        String schema = CRD_SCHEMAS.get(key);
        if (model != null) {
            String error = strictError(object, model);
            if (error != null) {
                errors.add(where + ": " + error);
            }
        } else if (schema != null) {
            validate(loadSchema(schema), object, "", errors);
            errors.replaceAll(e -> e.startsWith(where) ? e : where + ": " + e);
        } else {
            errors.add(where + ": no model or schema for " + key + " (add one to Schemas)");
        }
        return errors;
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

    static JsonNode loadSchema(String resource) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return STRICT.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The part of an OpenAPI v3 structural schema the manifests need: type, properties (a field
     * that is not declared is an error, as for the API server's strict field validation),
     * additionalProperties, items, required, enum, minimum/maximum, x-kubernetes-int-or-string,
     * x-kubernetes-preserve-unknown-fields; plus x-rapport-trimmed (subtree not checked),
     * x-rapport-java-type (checked with the strict typed model) and x-rapport-not-enum.
     */
    static void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
        String at = path.isEmpty() ? "." : path;
        if (schema.path("x-rapport-trimmed").asBoolean(false)) {
            return;
        }
        if (schema.has("x-rapport-java-type")) {
            try {
                Class<?> type = Class.forName(schema.get("x-rapport-java-type").asText());
                String error = strictError(value, type);
                if (error != null) {
                    errors.add(at + ": " + error);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                errors.add(at + ": must be an integer or a string");
            }
            return;
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
                        validate(properties.get(field.getKey()), field.getValue(), child, errors);
                    } else if (additional != null && additional.isObject()) {
                        validate(additional, field.getValue(), child, errors);
                    } else if (!preserve && !(additional != null && additional.asBoolean(false))) {
                        errors.add(child + ": unknown field \"" + field.getKey() + "\"");
                    }
                }
                for (JsonNode required : schema.path("required")) {
                    if (!value.has(required.asText())) {
                        errors.add(at + ": missing required field \"" + required.asText() + "\"");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(at + ": must be an array, is " + value.getNodeType());
                    return;
                }
                if (schema.has("items")) {
                    for (int i = 0; i < value.size(); i++) {
                        validate(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
                    }
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(at + ": must be a string, is " + value.getNodeType());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(at + ": must be an integer, is " + value.getNodeType());
                } else {
                    if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
                        errors.add(at + ": must be >= " + schema.get("minimum"));
                    }
                    if (schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
                        errors.add(at + ": must be <= " + schema.get("maximum"));
                    }
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
                // no type: anything
            }
            default -> throw new IllegalStateException("unsupported schema type " + type + " at " + at);
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
        if (schema.has("x-rapport-not-enum")) {
            for (JsonNode forbidden : schema.get("x-rapport-not-enum")) {
                if (forbidden.equals(value)) {
                    errors.add(at + ": " + value + " is reserved");
                }
            }
        }
    }
}
