package io.exectrace.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one KRaft node in this JVM.
 *
 * @param clusterId             the id a new data directory is formatted with; null picks a random one
 * @param scramArguments        SCRAM credentials written into a new directory's bootstrap metadata
 *                              ({@code kafka-storage format --add-scram} syntax)
 * @param readinessClientConfig client properties (security) of the admin client that checks the node serves clients
 */
record NodeLaunch(int nodeId, int port, int controllerPort, Path dataDirectory, Map<String, String> serverProperties,
                  String controllerListener, String clusterId, List<String> scramArguments,
                  Map<String, Object> readinessClientConfig, Duration startupTimeout) {
}
