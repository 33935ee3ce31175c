package io.exectrace.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KRaft storage in one data directory: formatted on first use (what {@code kafka-storage.sh format}
 * does), afterwards reused as is, so its cluster id and records survive restarts.
 */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    private KraftStorage() {
    }

    /**
     * Formats {@code directory} for {@code nodeId} unless it already holds a {@code meta.properties},
     * and returns the cluster id stored there. A new directory gets {@code clusterId} (a random one when null) and,
     * in its bootstrap metadata, the SCRAM credentials of {@code scramArguments} ({@code kafka-storage format
     * --add-scram}: the only way a KRaft cluster's first SASL/SCRAM user can exist before any client connects).
     */
    static String formatIfNeeded(Path directory, int nodeId, String controllerListenerName, String clusterId,
                                 List<String> scramArguments) {
        String dir = directory.toString();
        MetaPropertiesEnsemble ensemble = load(dir);
        if (!ensemble.errorLogDirs().isEmpty()) {
            throw new BrokerStartException("cannot read Kafka storage in " + dir);
        }
        if (ensemble.emptyLogDirs().isEmpty()) {
            OptionalInt storedNode = ensemble.nodeId();
            if (storedNode.isPresent() && storedNode.getAsInt() != nodeId) {
                throw new BrokerStartException("data directory " + dir + " belongs to Kafka node "
                        + storedNode.getAsInt() + ", not to the embedded node " + nodeId);
            }
            return ensemble.clusterId().orElseThrow(
                    () -> new BrokerStartException("data directory " + dir + " has no cluster id in meta.properties"));
        }
        String newClusterId = clusterId != null ? clusterId : Uuid.randomUuid().toString();
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8))
                    .setNodeId(nodeId)
                    .setClusterId(newClusterId)
                    .setScramArguments(scramArguments)
                    .setControllerListenerName(controllerListenerName)
                    .setMetadataLogDirectory(dir)
                    .addDirectory(dir)
                    .run();
        } catch (Exception e) {
            throw new BrokerStartException("cannot format Kafka storage in " + dir + ": " + e.getMessage(), e);
        }
        LOG.debug("Formatted {} for cluster {}: {}", dir, newClusterId,
                formatterOutput.toString(StandardCharsets.UTF_8).strip());
        return newClusterId;
    }

    private static MetaPropertiesEnsemble load(String dir) {
        try {
            return new MetaPropertiesEnsemble.Loader().addLogDirs(List.of(dir)).addMetadataLogDir(dir).load();
        } catch (IOException e) {
            throw new BrokerStartException("cannot read Kafka storage in " + dir + ": " + e.getMessage(), e);
        }
    }
}
