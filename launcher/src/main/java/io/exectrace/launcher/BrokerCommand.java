package io.exectrace.launcher;

import io.exectrace.broker.EmbeddedKafkaBroker;
import io.exectrace.broker.EmbeddedKafkaCluster;
import io.exectrace.streams.config.ExectraceConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code exectrace broker}: a real Kafka (KRaft) in the foreground, for development and demos: one plaintext node by
 * default, or a cluster of several nodes, optionally secured like a production cluster.
 */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a real Apache Kafka broker (KRaft, broker + controller, one node unless --nodes) on 127.0.0.1 in the "
                    + "foreground.",
            "With --nodes 3: three nodes (replication 3, min.insync.replicas=2). With --secure: SASL_SSL with "
                    + "SCRAM-SHA-512 for clients, mutual TLS between nodes, ACLs required; users, topics, "
                    + "least-privilege ACLs and client properties files are created, and the client properties are "
                    + "printed.",
            "Data (and generated TLS stores and passwords) survive restarts. Stop with Ctrl-C."})
final class BrokerCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "9092",
            description = "Listener port on 127.0.0.1; with --nodes N, node i listens on PORT+i-1 "
                    + "(default: ${DEFAULT-VALUE}; 0 picks free ports).")
    int port;

    @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR",
            description = "Log and metadata directory, kept across restarts (default: data/kafka, "
                    + "data/kafka-cluster with --nodes or --secure).")
    Path dataDir;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
            description = "Default partitions of auto-created topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
            description = "Number of KRaft nodes, 1 to 9 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--secure", description = "SASL_SSL (SCRAM-SHA-512), mutual TLS between nodes, ACLs required.")
    boolean secure;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("--nodes must be between 1 and 9, got " + nodes);
        }
        if (nodes == 1 && !secure) {
            return singleNode();
        }
        return cluster();
    }

    private int singleNode() throws InterruptedException {
        final Path directory = dataDir != null ? dataDir : Path.of("data/kafka");
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .port(port)
                .dataDirectory(directory.toAbsolutePath())
                .defaultPartitions(partitions)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "exectrace-broker-shutdown"));
        spec.commandLine().getOut().printf("Kafka broker ready: bootstrap servers %s (data in %s, cluster id %s)%n"
                        + "Stop with Ctrl-C. Try: kcat -b %s -L%n",
                broker.bootstrapServers(), directory, broker.clusterId(), broker.bootstrapServers());
        spec.commandLine().getOut().flush();
        broker.awaitShutdown();
        return 0;
    }

    private int cluster() throws InterruptedException, IOException {
        final Path directory = dataDir != null ? dataDir : Path.of("data/kafka-cluster");
        final EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                .nodes(nodes)
                .secure(secure)
                .firstPort(port)
                .dataDirectory(directory.toAbsolutePath())
                .defaultPartitions(partitions)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "exectrace-cluster-shutdown"));
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("Kafka cluster ready: %d %s node(s), bootstrap servers %s (data in %s, cluster id %s)%n",
                nodes, secure ? "secured" : "plaintext", cluster.bootstrapServers(), directory, cluster.clusterId());
        if (secure) {
            final SecuredClusterAccess access = SecuredClusterAccess.prepare(cluster,
                    ExectraceConfig.load(null, Map.of("EXECTRACE_REPLICATION_FACTOR",
                            Integer.toString(Math.min(nodes, 3)))));
            out.printf("Users, topics and least-privilege ACLs are in place (docs/operations.md, \"ACLs\").%n%n"
                    + "# the pipeline: ./exectrace run --config %s%n%s%n"
                    + "# producers: ./exectrace produce ... --producer-config %s%n%s%n"
                    + "# the super user, for Kafka's tools (--command-config): %s%n",
                    access.runConfig(), Files.readString(access.runConfig(), StandardCharsets.UTF_8),
                    access.producerConfig(), Files.readString(access.producerConfig(), StandardCharsets.UTF_8),
                    access.adminConfig());
        }
        out.println("Stop with Ctrl-C.");
        out.flush();
        cluster.awaitShutdown();
        return 0;
    }
}
