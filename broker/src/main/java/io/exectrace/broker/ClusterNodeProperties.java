package io.exectrace.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Server properties of one node of a multi-node KRaft cluster on loopback: every node is broker and controller,
 * with three listeners (clients, inter-broker, controller). A secured cluster authenticates clients with
 * SASL/SCRAM-SHA-512 over TLS, nodes with each other by their TLS certificate (mutual TLS on the inter-broker and
 * controller listeners), and authorises with ACLs only ({@code allow.everyone.if.no.acl.found=false}).
 */
final class ClusterNodeProperties {

    static final String CLIENT_LISTENER = "CLIENT";
    static final String INTERNAL_LISTENER = "INTERNAL";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    static final String NODE_PRINCIPAL = "User:" + TlsStores.NODE_DISTINGUISHED_NAME;

    private ClusterNodeProperties() {
    }

    /** Node {@code nodeId}'s properties (1-based); {@code overrides} win over every default. */
    static Map<String, String> of(ClusterLayout layout, int nodeId, Path dataDirectory, TlsStores tls,
                                  int defaultPartitions, Map<String, String> overrides) {
        ClusterLayout.NodePorts ports = layout.nodes().get(nodeId - 1);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", voters(layout.nodes()));
        props.put("listeners", CLIENT_LISTENER + "://" + address(ports.client()) + "," + INTERNAL_LISTENER + "://"
                + address(ports.internal()) + "," + CONTROLLER_LISTENER + "://" + address(ports.controller()));
        props.put("advertised.listeners", CLIENT_LISTENER + "://" + address(ports.client()) + ","
                + INTERNAL_LISTENER + "://" + address(ports.internal()));
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", INTERNAL_LISTENER);
        props.put("log.dirs", dataDirectory.toString());
        props.put("metadata.log.dir", dataDirectory.toString());

        int replication = Math.min(layout.nodes().size(), 3);
        // With three replicas a write needs two of them: one node may be down without refusing writes.
        String minInsync = Integer.toString(replication >= 3 ? 2 : 1);
        props.put("default.replication.factor", Integer.toString(replication));
        props.put("min.insync.replicas", minInsync);
        props.put("offsets.topic.replication.factor", Integer.toString(replication));
        props.put("transaction.state.log.replication.factor", Integer.toString(replication));
        props.put("transaction.state.log.min.isr", minInsync);
        props.put("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
        props.put("share.coordinator.state.topic.min.isr", minInsync);
        SingleNodeBrokerProperties.putLocalDefaults(props, defaultPartitions);

        if (layout.secure()) {
            putSecurity(props, tls);
        } else {
            props.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + INTERNAL_LISTENER
                    + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        }
        props.putAll(overrides);
        return props;
    }

    private static void putSecurity(Map<String, String> props, TlsStores tls) {
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_SSL," + INTERNAL_LISTENER + ":SSL,"
                + CONTROLLER_LISTENER + ":SSL");
        props.put("ssl.keystore.type", TlsStores.STORE_TYPE);
        props.put("ssl.keystore.location", tls.keyStore().toString());
        props.put("ssl.keystore.password", tls.password());
        props.put("ssl.key.password", tls.password());
        props.put("ssl.truststore.type", TlsStores.STORE_TYPE);
        props.put("ssl.truststore.location", tls.trustStore().toString());
        props.put("ssl.truststore.password", tls.password());
        // Nodes prove who they are with their certificate; clients with SCRAM on their own listener.
        props.put("ssl.client.auth", "required");
        props.put(listenerPrefix(CLIENT_LISTENER) + "ssl.client.auth", "none");
        props.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
        props.put(listenerPrefix(CLIENT_LISTENER) + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
        props.put(listenerPrefix(CLIENT_LISTENER) + SCRAM_MECHANISM.toLowerCase() + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", NODE_PRINCIPAL + ";User:" + ClusterLayout.ADMIN_USER);
    }

    /** The admin SCRAM credential a new node's storage is formatted with. */
    static List<String> scramArguments(ClusterLayout layout) {
        if (!layout.secure()) {
            return List.of();
        }
        return List.of(SCRAM_MECHANISM + "=[name=" + ClusterLayout.ADMIN_USER + ",password=" + layout.adminPassword()
                + "]");
    }

    private static String listenerPrefix(String listener) {
        return "listener.name." + listener.toLowerCase() + ".";
    }

    private static String voters(List<ClusterLayout.NodePorts> nodes) {
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < nodes.size(); i++) {
            voters.add((i + 1) + "@" + address(nodes.get(i).controller()));
        }
        return voters.toString();
    }

    private static String address(int port) {
        return LoopbackPorts.HOST + ":" + port;
    }
}
