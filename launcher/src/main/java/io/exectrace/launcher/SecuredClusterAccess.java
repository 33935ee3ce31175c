package io.exectrace.launcher;

import io.exectrace.broker.EmbeddedKafkaCluster;
import io.exectrace.broker.ScramUser;
import io.exectrace.streams.access.ExectraceAcls;
import io.exectrace.streams.access.RequiredAcl;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

/**
 * Prepares a secured cluster for exectrace the way an administrator would: the SCRAM users {@code exectrace} (the
 * pipeline) and {@code exectrace-producer}, the topics created as {@code admin}, exactly the least-privilege ACLs of
 * {@link ExectraceAcls}, and a client properties file per user in the cluster directory (owner-readable only).
 *
 * @param runConfig      for {@code ./exectrace run --config}: {@code bootstrap.servers} and {@code kafka.*} keys
 * @param producerConfig for {@code ./exectrace produce ... --producer-config}: plain Kafka client properties
 * @param adminConfig    plain Kafka client properties of the super user, for Kafka's own tools
 */
record SecuredClusterAccess(ScramUser app, ScramUser producer, Path runConfig, Path producerConfig,
                            Path adminConfig) {

    static final String APP_USER = "exectrace";
    static final String PRODUCER_USER = "exectrace-producer";

    /** Users, topics, ACLs and files for {@code config}'s topic names and application id. */
    static SecuredClusterAccess prepare(final EmbeddedKafkaCluster cluster, final ExectraceConfig config) {
        final ScramUser app = cluster.user(APP_USER);
        final ScramUser producer = cluster.user(PRODUCER_USER);
        final ExectraceConfig asAdmin = config.withBootstrapServers(cluster.bootstrapServers())
                .withKafkaOverrides(cluster.admin().clientProperties());
        ExectraceStreamsApp.provisionTopics(asAdmin);
        final List<RequiredAcl> acls = new ArrayList<>(ExectraceAcls.application(config, "User:" + APP_USER));
        acls.addAll(ExectraceAcls.producer(config.inputTopic(), "User:" + PRODUCER_USER));
        acls.addAll(ExectraceAcls.venueFillsProducer(config, "User:" + PRODUCER_USER));
        grant(cluster, acls);
        final Path directory = cluster.directory();
        final Path runConfig = directory.resolve("exectrace-run.properties");
        final Map<String, String> run = new LinkedHashMap<>();
        run.put("bootstrap.servers", cluster.bootstrapServers());
        run.put("replication.factor", Integer.toString(Math.min(cluster.nodeCount(), 3)));
        app.clientProperties().forEach((key, value) -> run.put(ExectraceConfig.KAFKA_PREFIX + key, value));
        write(runConfig, run);
        final Path producerConfig = directory.resolve("exectrace-producer.properties");
        write(producerConfig, withBootstrap(cluster, producer));
        final Path adminConfig = directory.resolve("admin.properties");
        write(adminConfig, withBootstrap(cluster, cluster.admin()));
        return new SecuredClusterAccess(app, producer, runConfig, producerConfig, adminConfig);
    }

    /** Creates the ACLs as the super user and waits until the controller has stored them. */
    static void grant(final EmbeddedKafkaCluster cluster, final List<RequiredAcl> acls) {
        final List<AclBinding> bindings = acls.stream().map(RequiredAcl::binding).toList();
        try (Admin admin = Admin.create(cluster.adminConfig())) {
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create ACLs: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> withBootstrap(final EmbeddedKafkaCluster cluster, final ScramUser user) {
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.putAll(user.clientProperties());
        return props;
    }

    private static void write(final Path file, final Map<String, String> props) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's permissions apply.
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("# written by ./exectrace broker --secure; holds a password: keep private\n");
                for (final Map.Entry<String, String> entry : props.entrySet()) {
                    out.write(entry.getKey() + "=" + entry.getValue().replace("\\", "\\\\") + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
