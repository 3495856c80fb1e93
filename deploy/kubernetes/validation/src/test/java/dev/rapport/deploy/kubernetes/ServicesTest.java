package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three services' Deployments: probes, resources, security, image, environment. */
class ServicesTest {

    static Stream<Arguments> overlaysAndServices() {
        return Repo.OVERLAYS.stream().flatMap(o -> Repo.SERVICES.stream().map(s -> Arguments.of(o, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void probesAskQuarkusHealthOnTheServicePort(String overlay, String service) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode app = Workloads.container(Workloads.deployment(r, service), service);
        int port = Repo.httpPort(service);

        assertEquals("http", app.path("ports").get(0).path("name").asText());
        assertEquals(port, app.path("ports").get(0).path("containerPort").asInt(), "containerPort = quarkus.http.port");
        assertEquals("/q/health/live", app.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", app.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/started", app.path("startupProbe").path("httpGet").path("path").asText());
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertEquals("http", app.path(probe).path("httpGet").path("port").asText(), probe + " on the named service port");
        }

        JsonNode svc = r.get("Service", service);
        assertEquals(port, svc.path("spec").path("ports").get(0).path("port").asInt());
        assertEquals("http", svc.path("spec").path("ports").get(0).path("targetPort").asText());
        assertEquals(service, svc.path("spec").path("selector").path("app.kubernetes.io/name").asText());

        JsonNode monitor = r.get("ServiceMonitor", service);
        assertEquals("/q/metrics", monitor.path("spec").path("endpoints").get(0).path("path").asText());
        assertEquals("http", monitor.path("spec").path("endpoints").get(0).path("port").asText());
        assertEquals(service, monitor.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText());
        assertEquals(service, svc.path("metadata").path("labels").path("app.kubernetes.io/name").asText(),
                "the Service carries the label its ServiceMonitor selects");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasRequestsAndLimits(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        int containers = 0;
        for (JsonNode d : r.ofKind("Deployment")) {
            for (JsonNode c : Workloads.podSpec(d).path("containers")) {
                containers++;
                String where = Rendered.id(d) + " container " + c.path("name").asText();
                for (String resource : List.of("cpu", "memory")) {
                    JsonNode request = c.path("resources").path("requests").path(resource);
                    JsonNode limit = c.path("resources").path("limits").path(resource);
                    assertTrue(request.isTextual() || request.isNumber(), where + ": no " + resource + " request");
                    assertTrue(limit.isTextual() || limit.isNumber(), where + ": no " + resource + " limit");
                    assertTrue(amount(limit).compareTo(amount(request)) >= 0, where + ": " + resource + " limit below request");
                }
            }
        }
        assertEquals(7, containers, "three services, each with its audit-log sidecar, and the web front-end");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void theHeapFitsTheMeasuredFootprintAndTheLimit(String overlay, String service) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode app = Workloads.container(Workloads.deployment(r, service), service);
        BigDecimal limit = amount(app.path("resources").path("limits").path("memory"));
        BigDecimal request = amount(app.path("resources").path("requests").path("memory"));
        // docs/operations.md: RSS ~230-290 MB with -Xmx256m.
        assertTrue(request.compareTo(BigDecimal.valueOf(290L * 1000 * 1000)) >= 0, "request covers the measured RSS");

        String opts = Workloads.value(Workloads.environment(r, app), "JAVA_OPTS_APPEND");
        Matcher m = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(opts);
        assertTrue(m.find(), "JAVA_OPTS_APPEND sets MaxRAMPercentage: " + opts);
        BigDecimal heap = limit.multiply(new BigDecimal(m.group(1))).divide(BigDecimal.valueOf(100));
        BigDecimal measuredHeap = BigDecimal.valueOf(256L * 1024 * 1024);
        assertTrue(heap.compareTo(measuredHeap.multiply(new BigDecimal("0.9"))) >= 0
                && heap.compareTo(measuredHeap.multiply(new BigDecimal("1.1"))) <= 0,
                "heap " + heap + " B is about the measured -Xmx256m");
        assertTrue(limit.subtract(heap).compareTo(BigDecimal.valueOf(200L * 1024 * 1024)) >= 0,
                "at least 200 MiB beside the heap (metaspace, threads, buffers)");
        assertTrue(opts.contains("-Dquarkus.http.host=0.0.0.0"), "keeps the image's own options (replaced, not appended)");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void podsRunRestricted(String overlay, String service) {
        JsonNode d = Workloads.deployment(Kustomize.overlay(overlay), service);
        JsonNode pod = Workloads.podSpec(d);
        JsonNode psc = pod.path("securityContext");
        assertTrue(psc.path("runAsNonRoot").asBoolean(false));
        assertEquals(185, psc.path("runAsUser").asInt());
        assertEquals("RuntimeDefault", psc.path("seccompProfile").path("type").asText());
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "no API token in the pods");
        assertFalse(pod.path("hostNetwork").asBoolean(false));

        for (JsonNode c : pod.path("containers")) {
            String where = service + "/" + c.path("name").asText();
            JsonNode sc = c.path("securityContext");
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), where + ": allowPrivilegeEscalation");
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(false), where + ": readOnlyRootFilesystem");
            assertTrue(sc.path("runAsNonRoot").asBoolean(false), where + ": runAsNonRoot");
            assertFalse(sc.path("privileged").asBoolean(false), where + ": privileged");
            assertEquals("[\"ALL\"]", sc.path("capabilities").path("drop").toString(), where + ": drop ALL");
            assertTrue(sc.path("capabilities").path("add").isMissingNode(), where + ": no added capabilities");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void writablePathsAreEmptyDirs(String overlay, String service) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode d = Workloads.deployment(r, service);
        JsonNode app = Workloads.container(d, service);
        String auditPath = Workloads.value(Workloads.environment(r, app), "RAPPORT_AUDIT_PATH");
        String auditDir = auditPath.substring(0, auditPath.lastIndexOf('/'));

        assertEquals("emptyDir", volumeTypeAt(d, app, "/tmp"));
        assertEquals("emptyDir", volumeTypeAt(d, app, auditDir), "the audit log's directory " + auditDir);
        JsonNode sidecar = Workloads.container(d, "audit-log");
        assertEquals("emptyDir", volumeTypeAt(d, sidecar, auditDir));
        assertTrue(sidecar.path("command").toString().contains(auditPath), "the sidecar streams the audit file");
        for (JsonNode v : Workloads.podSpec(d).path("volumes")) {
            if (v.has("emptyDir")) {
                assertTrue(v.path("emptyDir").has("sizeLimit"), "emptyDir " + v.path("name").asText() + " has a sizeLimit");
            }
        }
    }

    private static String volumeTypeAt(JsonNode deployment, JsonNode container, String mountPath) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (mountPath.equals(m.path("mountPath").asText())) {
                for (JsonNode v : Workloads.podSpec(deployment).path("volumes")) {
                    if (v.path("name").asText().equals(m.path("name").asText())) {
                        return v.has("emptyDir") ? "emptyDir" : v.toString();
                    }
                }
            }
        }
        return "nothing mounted at " + mountPath;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void imagesAreNamedAsTheQuarkusKubernetesExtensionNamesThem(String overlay, String service) {
        JsonNode d = Workloads.deployment(Kustomize.overlay(overlay), service);
        String expected = "ghcr.io/rapport/" + service + ":" + Repo.projectVersion();
        for (JsonNode c : Workloads.podSpec(d).path("containers")) {
            assertEquals(expected, c.path("image").asText(), "registry ghcr.io, group rapport, the pom's version");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void theEnvironmentConnectsTheServiceToItsOwnDatabaseKafkaUserAndTheRealm(String overlay, String service) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode app = Workloads.container(Workloads.deployment(r, service), service);
        Map<String, Workloads.EnvValue> env = Workloads.environment(r, app);
        String db = "rapport_" + service.substring(0, service.indexOf('-'));

        for (String name : List.of("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL", "KAFKA_BOOTSTRAP_SERVERS",
                "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_TOKEN_ISSUER",
                "RAPPORT_AUDIT_PATH", "JAVA_OPTS_APPEND")) {
            assertNotNull(Workloads.value(env, name), name);
        }
        assertEquals("postgresql://rapport-db-rw:5432/" + db, Workloads.value(env, "QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertTrue(Workloads.value(env, "QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://rapport-db-rw:5432/" + db + "?"));
        assertTrue(Workloads.value(env, "QUARKUS_DATASOURCE_JDBC_URL").contains("sslmode=verify-full"));
        assertEquals("verify-full", Workloads.value(env, "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE"));

        // The database user: a per-service Secret that CloudNativePG also uses for the managed role.
        Workloads.EnvValue user = env.get("QUARKUS_DATASOURCE_USERNAME");
        Workloads.EnvValue password = env.get("QUARKUS_DATASOURCE_PASSWORD");
        assertTrue(user.fromSecret() && password.fromSecret());
        assertEquals(user.secretName(), password.secretName());
        JsonNode role = managedRole(r, db);
        assertEquals(user.secretName(), role.path("passwordSecret").path("name").asText(), "the role's password Secret");
        assertTrue(role.path("login").asBoolean(false));
        assertEquals(db, database(r, db).path("spec").path("owner").asText(), "the service's role owns its database");

        // Kafka: the bootstrap service of the Strimzi cluster, SASL_SSL with the service's own KafkaUser.
        JsonNode kafka = r.get("Kafka", "rapport");
        JsonNode listener = kafka.path("spec").path("kafka").path("listeners").get(0);
        assertEquals("rapport-kafka-bootstrap:" + listener.path("port").asInt(), Workloads.value(env, "KAFKA_BOOTSTRAP_SERVERS"));
        assertTrue(listener.path("tls").asBoolean(false));
        assertEquals("SASL_SSL", Workloads.value(env, "KAFKA_SECURITY_PROTOCOL"));
        assertEquals("scram-sha-512", listener.path("authentication").path("type").asText());
        assertEquals("SCRAM-SHA-512", Workloads.value(env, "KAFKA_SASL_MECHANISM"));
        Workloads.EnvValue jaas = env.get("KAFKA_SASL_JAAS_CONFIG");
        assertTrue(jaas.fromSecret());
        assertEquals(service, jaas.secretName(), "the Secret Strimzi writes for KafkaUser " + service);
        assertEquals("sasl.jaas.config", jaas.secretKey());
        r.get("KafkaUser", service);
        Workloads.EnvValue ca = env.get("KAFKA_SSL_TRUSTSTORE_CERTIFICATES");
        assertEquals("rapport-cluster-ca-cert", ca.secretName());
        assertEquals("ca.crt", ca.secretKey());
        assertEquals("PEM", Workloads.value(env, "KAFKA_SSL_TRUSTSTORE_TYPE"));

        // Keycloak: the operator's Service inside, the public issuer outside.
        assertEquals("http://keycloak-service:8080/realms/rapport", Workloads.value(env, "QUARKUS_OIDC_AUTH_SERVER_URL"));
        String hostname = r.get("Keycloak", "keycloak").path("spec").path("hostname").path("hostname").asText();
        assertEquals(hostname + "/realms/rapport", Workloads.value(env, "QUARKUS_OIDC_TOKEN_ISSUER"));

        // The lookup key of client references: session- and feedback-service only (docs/privacy.md).
        Workloads.EnvValue key = env.get("RAPPORT_PSEUDONYM_KEY");
        if (service.equals("analytics-service")) {
            assertTrue(key == null, "analytics holds no key that could make or undo a client reference");
        } else {
            assertTrue(key.fromSecret(), "the pseudonymisation key comes from a Secret");
            assertEquals("rapport-pseudonym-key", key.secretName(), "one key for session- and feedback-service");
            assertEquals("key", key.secretKey());
        }
    }

    static JsonNode managedRole(Rendered r, String role) {
        for (JsonNode entry : r.get("Cluster", "rapport-db").path("spec").path("managed").path("roles")) {
            if (role.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no managed role " + role + " in rapport-db");
    }

    static JsonNode database(Rendered r, String db) {
        return r.ofKind("Database").stream().filter(d -> db.equals(d.path("spec").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no Database " + db));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void noSecretValueIsRendered(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode secret : r.ofKind("Secret")) {
            if (secret.has("data") || secret.has("stringData")) {
                problems.add(Rendered.id(secret) + " holds values");
            }
        }
        // Names with a word that says "secret" (RAPPORT_PSEUDONYM_KEY, ..._PASSWORD, KAFKA_SASL_JAAS_CONFIG).
        Pattern secretLike = Pattern.compile("(?i)(.*_)?(PASSWORD|SECRET|JAAS|CREDENTIALS?|KEY)(_.*)?");
        for (JsonNode d : r.ofKind("Deployment")) {
            for (JsonNode c : Workloads.podSpec(d).path("containers")) {
                Workloads.environment(r, c).forEach((name, v) -> {
                    if (secretLike.matcher(name).matches() && !v.fromSecret()) {
                        problems.add(Rendered.id(d) + " " + name + " is not a secretKeyRef");
                    }
                });
            }
        }
        for (JsonNode cm : r.ofKind("ConfigMap")) {
            cm.path("data").fieldNames().forEachRemaining(k -> {
                if (secretLike.matcher(k).matches()) {
                    problems.add(Rendered.id(cm) + " has a secret-like key " + k);
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    static BigDecimal amount(JsonNode quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity.asText()));
    }
}
