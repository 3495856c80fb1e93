// Creates the Rapport topics on the local broker in one JVM (one TopicCommand JVM per topic is
// several seconds each). Run by ./platform in source-file mode:
//   java -cp '.local/kafka/lib/*' deploy/local/kafka/CreateTopics.java <bootstrap> <spec>...
// where a spec is name:partitions[:key=value,key=value...] (topic-level configs). The secured
// broker's client settings (the super user's) come from the file -Dkafka.client.config names.
// Idempotent: existing topics are kept; configs given in the spec are set on them when they
// differ; fewer partitions than asked is reported as an error (partitions are never removed).
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

public class CreateTopics {

    record Spec(String name, int partitions, Map<String, String> configs) {
        static Spec parse(String s) {
            String[] parts = s.split(":", 3);
            Map<String, String> configs = new LinkedHashMap<>();
            if (parts.length == 3 && !parts[2].isBlank()) {
                for (String kv : parts[2].split(",")) {
                    String[] p = kv.split("=", 2);
                    configs.put(p[0], p[1]);
                }
            }
            return new Spec(parts[0], Integer.parseInt(parts[1]), configs);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CreateTopics <bootstrap> name:partitions[:k=v,...]...");
            System.exit(2);
        }
        List<Spec> specs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            specs.add(Spec.parse(args[i]));
        }
        Properties props = new Properties();
        String clientConfig = System.getProperty("kafka.client.config");
        if (clientConfig != null) {
            try (java.io.InputStream in = new java.io.FileInputStream(clientConfig)) {
                props.load(in);
            }
        }
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "rapport-platform-topics");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        int errors = 0;
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> toCreate = new ArrayList<>();
            for (Spec spec : specs) {
                if (!existing.contains(spec.name())) {
                    toCreate.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                            .configs(spec.configs()));
                }
            }
            Set<String> created = new java.util.HashSet<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e
                    : admin.createTopics(toCreate).values().entrySet()) {
                try {
                    e.getValue().get(60, TimeUnit.SECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        System.err.println("ERROR creating " + e.getKey() + ": " + ex.getCause());
                        errors++;
                    }
                }
            }
            Collection<String> names = specs.stream().map(Spec::name).toList();
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS);
            for (Spec spec : specs) {
                TopicDescription d = descriptions.get(spec.name());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                List<AlterConfigOp> ops = new ArrayList<>();
                for (Map.Entry<String, String> want : spec.configs().entrySet()) {
                    ConfigEntry have = config.get(want.getKey());
                    if (have == null || !want.getValue().equals(have.value())) {
                        ops.add(new AlterConfigOp(new ConfigEntry(want.getKey(), want.getValue()),
                                AlterConfigOp.OpType.SET));
                    }
                }
                if (!ops.isEmpty()) {
                    admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, spec.name()), ops))
                            .all().get(60, TimeUnit.SECONDS);
                    System.out.println("    updated configs of " + spec.name() + ": " + spec.configs());
                }
                int partitions = d.partitions().size();
                if (partitions < spec.partitions()) {
                    System.err.println("ERROR topic " + spec.name() + " has " + partitions
                            + " partitions, expected " + spec.partitions());
                    errors++;
                }
                ConfigEntry cleanup = config.get("cleanup.policy");
                String policy = spec.configs().getOrDefault("cleanup.policy",
                        cleanup == null ? "?" : cleanup.value());
                System.out.printf("    %-40s %2d partitions  cleanup.policy=%-8s %s%n", spec.name(), partitions,
                        policy, created.contains(spec.name()) ? "(created)" : "(exists)");
            }
        }
        System.exit(errors == 0 ? 0 : 1);
    }
}
