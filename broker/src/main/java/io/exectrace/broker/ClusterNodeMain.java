package io.exectrace.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one node of a cluster prepared by {@link EmbeddedKafkaCluster#prepare} as its own process, so that a test
 * rig can kill it with SIGKILL (no shutdown, no flush) or stop it with SIGTERM (a controlled shutdown).
 * Arguments: the cluster directory, the node id (1-based), and optionally the default partitions. Prints
 * {@code READY <address>} on stdout once the node serves clients.
 */
public final class ClusterNodeMain {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNodeMain.class);

    private ClusterNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: ClusterNodeMain CLUSTER_DIR NODE_ID [DEFAULT_PARTITIONS]");
            System.exit(2);
        }
        Path directory = Path.of(args[0]).toAbsolutePath();
        int nodeId = Integer.parseInt(args[1]);
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        ClusterLayout layout = ClusterLayout.load(directory);
        TlsStores tls = layout.secure() ? TlsStores.createIfMissing(directory.resolve("tls"), layout.storePassword())
                : null;
        EmbeddedKafkaBroker node;
        try {
            node = EmbeddedKafkaBroker.launchNode(EmbeddedKafkaCluster.nodeLaunch(layout, directory, tls, nodeId,
                    partitions, Map.of(), Duration.ofMinutes(3)));
        } catch (BrokerStartException e) {
            System.err.println("kafka node " + nodeId + ": " + e.getMessage());
            LOG.debug("start failed", e);
            System.exit(3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "kafka-node-shutdown"));
        System.out.println("READY " + node.bootstrapServers());
        System.out.flush();
        node.awaitShutdown();
    }
}
