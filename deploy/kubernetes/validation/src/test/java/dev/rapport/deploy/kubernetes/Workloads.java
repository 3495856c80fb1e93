package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers over rendered Deployments: containers and the environment they get. */
final class Workloads {

    private Workloads() {
    }

    static ObjectNode deployment(Rendered r, String service) {
        return r.get("Deployment", service);
    }

    static JsonNode podSpec(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec");
    }

    static JsonNode container(JsonNode deployment, String name) {
        for (JsonNode c : podSpec(deployment).path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError(Rendered.id(deployment) + ": no container " + name);
    }

    /** Where an environment variable's value comes from. */
    record EnvValue(String literal, String secretName, String secretKey, String configMap) {
        boolean fromSecret() {
            return secretName != null;
        }
    }

    /** The container's environment: envFrom ConfigMaps first, then env (which wins, as in Kubernetes). */
    static Map<String, EnvValue> environment(Rendered r, JsonNode container) {
        Map<String, EnvValue> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String name = from.path("configMapRef").path("name").asText();
                JsonNode cm = r.get("ConfigMap", name);
                cm.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), new EnvValue(e.getValue().asText(), null, null, name)));
            } else {
                throw new AssertionError("envFrom other than a ConfigMap: " + from);
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, new EnvValue(e.path("value").asText(), null, null, null));
            } else if (e.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                env.put(name, new EnvValue(null, ref.path("name").asText(), ref.path("key").asText(), null));
            } else if (e.path("valueFrom").has("configMapKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                String value = r.get("ConfigMap", ref.path("name").asText()).path("data").path(ref.path("key").asText()).asText();
                env.put(name, new EnvValue(value, null, null, ref.path("name").asText()));
            } else {
                env.put(name, new EnvValue(null, null, null, null));
            }
        }
        return env;
    }

    static String value(Map<String, EnvValue> env, String name) {
        EnvValue v = env.get(name);
        if (v == null || v.literal() == null) {
            throw new AssertionError("no literal value for " + name + ": " + v);
        }
        return v.literal();
    }
}
