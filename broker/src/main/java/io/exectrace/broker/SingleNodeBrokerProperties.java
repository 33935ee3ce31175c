package io.exectrace.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server properties for one KRaft node that is broker and controller at once, listening on the
 * loopback address only, with replication settings a single node can satisfy.
 */
final class SingleNodeBrokerProperties {

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private SingleNodeBrokerProperties() {
    }

    /** The properties for the given ports and data directory; {@code overrides} win over every default. */
    static Map<String, String> of(int port, int controllerPort, Path dataDirectory, int defaultPartitions,
                                  Map<String, String> overrides) {
        String brokerAddress = LoopbackPorts.HOST + ":" + port;
        String controllerAddress = LoopbackPorts.HOST + ":" + controllerPort;
        Map<String, String> props = new LinkedHashMap<>();

        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // A static voter set: the controller endpoint lives in the config, not in the stored metadata,
        // so a restart may use a different controller port on the same data directory.
        props.put("controller.quorum.voters", NODE_ID + "@" + controllerAddress);
        props.put("listeners", BROKER_LISTENER + "://" + brokerAddress + "," + CONTROLLER_LISTENER + "://" + controllerAddress);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + brokerAddress);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", dataDirectory.toString());
        props.put("metadata.log.dir", dataDirectory.toString());

        // One replica is all there is: internal topics (consumer offsets, transaction state for
        // exactly_once_v2, share-group state) must not wait for replicas that never come.
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        putLocalDefaults(props, defaultPartitions);
        props.putAll(overrides);
        return props;
    }

    /** Defaults every embedded node shares, single or in a cluster: small internal topics, size-bounded storage. */
    static void putLocalDefaults(Map<String, String> props, int defaultPartitions) {
        // 50 partitions each (the defaults) make the first consumer group / transaction take seconds.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.streams.initial.rebalance.delay.ms", "0");

        // The application creates its topics explicitly; a typo in a topic name should fail loudly
        // instead of silently creating a new topic. num.partitions still applies to CreateTopics
        // requests that leave the partition count to the broker.
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", Integer.toString(defaultPartitions));

        // Dev-box storage: size-bounded, not time-bounded. Replayed sessions carry their original
        // (old) event timestamps, which time-based retention would delete as soon as a segment rolls.
        props.put("log.retention.ms", "-1");
        props.put("log.retention.bytes", Long.toString(256L * 1024 * 1024));
        props.put("log.segment.bytes", Integer.toString(32 * 1024 * 1024));
        props.put("log.retention.check.interval.ms", "60000");
        // The log cleaner allocates its dedupe buffer up front (128 MiB by default).
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
    }
}
