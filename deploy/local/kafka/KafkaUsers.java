// The services' Kafka users on the local secured broker (RAPPORT_KAFKA_SECURITY=sasl_ssl): each
// service's SCRAM-SHA-512 credential, and ACLs derived from deploy/topology.yaml that grant it
// exactly what deploy/kubernetes/base/kafka/users.yaml grants the KafkaUser of the same name:
//   Write + Describe on each topic it produces, its dead-letter topics included;
//   Read + Describe on each topic it consumes, Read on its consumer groups (a group ending in "*"
//   is a prefix).
// Run by ./platform as the super user (the client settings come from -Dkafka.client.config):
//   java -cp '.local/kafka/tools:.local/kafka/lib/*' KafkaUsers <bootstrap> <topology.yaml> user=password...
// Idempotent: credentials are upserted, missing ACLs created, and ACLs of these users that the
// topology does not give them are deleted (so the broker never keeps a stale right).
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

public class KafkaUsers {

    private static final int ITERATIONS = 4096;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: KafkaUsers <bootstrap> <topology.yaml> user=password...");
            System.exit(2);
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            passwords.put(p[0], p[1]);
        }
        Map<String, Set<AclBinding>> wanted = aclsOf(Path.of(args[1]));
        for (String user : wanted.keySet()) {
            if (!passwords.containsKey(user)) {
                throw new IllegalArgumentException("no password given for " + user + ", a service of the topology");
            }
        }

        Properties props = new Properties();
        String clientConfig = System.getProperty("kafka.client.config");
        if (clientConfig != null) {
            try (InputStream in = new FileInputStream(clientConfig)) {
                props.load(in);
            }
        }
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "rapport-platform-users");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(props)) {
            List<UserScramCredentialAlteration> upserts = new ArrayList<>();
            passwords.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)));
            admin.alterUserScramCredentials(upserts).all().get(60, TimeUnit.SECONDS);

            for (Map.Entry<String, Set<AclBinding>> user : wanted.entrySet()) {
                String principal = "User:" + user.getKey();
                Collection<AclBinding> have = admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY)))
                        .values().get(60, TimeUnit.SECONDS);
                List<AclBinding> missing = user.getValue().stream().filter(b -> !have.contains(b)).toList();
                List<AclBindingFilter> stale = have.stream().filter(b -> !user.getValue().contains(b))
                        .map(AclBinding::toFilter).toList();
                if (!missing.isEmpty()) {
                    admin.createAcls(missing).all().get(60, TimeUnit.SECONDS);
                }
                if (!stale.isEmpty()) {
                    admin.deleteAcls(stale).all().get(60, TimeUnit.SECONDS);
                }
                System.out.printf("    %-18s SCRAM-SHA-512, %2d ACLs (%d created, %d deleted): %s%n", user.getKey(),
                        user.getValue().size(), missing.size(), stale.size(), summary(user.getValue()));
            }
        }
    }

    /** Per service, the ACLs the topology gives it. */
    @SuppressWarnings("unchecked")
    static Map<String, Set<AclBinding>> aclsOf(Path topology) throws Exception {
        Map<String, Object> root = new ObjectMapper(new YAMLFactory()).readValue(topology.toFile(), Map.class);
        Map<String, Map<String, Object>> topics = (Map<String, Map<String, Object>>) root.get("topics");
        Map<String, Set<AclBinding>> acls = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> topic : topics.entrySet()) {
            for (String producer : (List<String>) topic.getValue().getOrDefault("producers", List.of())) {
                grant(acls, producer, ResourceType.TOPIC, topic.getKey(), AclOperation.WRITE, AclOperation.DESCRIBE);
            }
            Map<String, Map<String, String>> consumers =
                    (Map<String, Map<String, String>>) topic.getValue().getOrDefault("consumers", Map.of());
            for (Map.Entry<String, Map<String, String>> consumer : consumers.entrySet()) {
                String service = consumer.getKey();
                grant(acls, service, ResourceType.TOPIC, topic.getKey(), AclOperation.READ, AclOperation.DESCRIBE);
                String group = consumer.getValue().get("group");
                if (group != null) {
                    grant(acls, service, ResourceType.GROUP, group, AclOperation.READ);
                }
                String deadLetter = consumer.getValue().get("deadLetter");
                if (deadLetter != null) {
                    grant(acls, service, ResourceType.TOPIC, deadLetter, AclOperation.WRITE, AclOperation.DESCRIBE);
                }
            }
        }
        return acls;
    }

    private static void grant(Map<String, Set<AclBinding>> acls, String service, ResourceType type, String name,
                              AclOperation... operations) {
        ResourcePattern pattern = name.endsWith("*")
                ? new ResourcePattern(type, name.substring(0, name.length() - 1), PatternType.PREFIXED)
                : new ResourcePattern(type, name, PatternType.LITERAL);
        for (AclOperation operation : operations) {
            acls.computeIfAbsent(service, s -> new LinkedHashSet<>()).add(new AclBinding(pattern,
                    new AccessControlEntry("User:" + service, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    private static String summary(Set<AclBinding> bindings) {
        Map<String, Set<String>> byResource = new TreeMap<>();
        for (AclBinding b : bindings) {
            ResourcePattern p = b.pattern();
            String resource = p.resourceType().name().toLowerCase() + " " + p.name()
                    + (p.patternType() == PatternType.PREFIXED ? "*" : "");
            byResource.computeIfAbsent(resource, r -> new TreeSet<>()).add(b.entry().operation().name());
        }
        List<String> parts = new ArrayList<>();
        byResource.forEach((resource, ops) -> parts.add(resource + " " + ops));
        return String.join(", ", parts);
    }
}
