package io.exectrace.harness.chaos;

import io.exectrace.broker.ClusterNodeMain;
import io.exectrace.broker.EmbeddedKafkaCluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;

/**
 * A Kafka cluster whose nodes are separate JVMs ({@link ClusterNodeMain}), so a scenario can kill one with SIGKILL
 * or stop it cleanly with SIGTERM, and start it again on its ports and data.
 */
final class ClusterNodes implements AutoCloseable {
    private final Path directory;
    private final int nodes;
    private final String bootstrapServers;
    private final int defaultPartitions;
    private final Map<Integer, Process> running = new ConcurrentHashMap<>();

    private ClusterNodes(final Path directory, final int nodes, final String bootstrapServers,
                         final int defaultPartitions) {
        this.directory = directory;
        this.defaultPartitions = defaultPartitions;
        this.nodes = nodes;
        this.bootstrapServers = bootstrapServers;
    }

    /** Prepares a plaintext cluster in {@code directory} and starts every node; returns once all serve clients. */
    static ClusterNodes start(final Path directory, final int nodes, final int defaultPartitions)
            throws IOException, InterruptedException {
        final ClusterNodes cluster = new ClusterNodes(directory, nodes,
                EmbeddedKafkaCluster.prepare(directory, nodes, false), defaultPartitions);
        for (int id = 1; id <= nodes; id++) {
            cluster.launch(id);
        }
        cluster.awaitLive(nodes, Duration.ofMinutes(3));
        return cluster;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** SIGKILL: no controlled shutdown, no flush; waits until the process is gone. */
    void kill(final int nodeId) throws InterruptedException {
        final Process process = running.remove(nodeId);
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGTERM: Kafka's controlled shutdown moves its leaderships away first. */
    void stop(final int nodeId) throws InterruptedException {
        final Process process = running.remove(nodeId);
        if (process != null) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /** Starts a stopped node's process again without waiting for it (its start takes a while on a loaded box). */
    void startAgain(final int nodeId) throws IOException {
        launch(nodeId);
    }

    /** Whether the cluster lists every node as live right now. */
    boolean allListed() {
        try (Admin admin = admin()) {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= nodes;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until every node runs and the cluster lists all of them. */
    void awaitAllLive() throws InterruptedException {
        awaitLive(nodes, Duration.ofMinutes(3));
    }

    /** The node leading {@code topic}'s partition {@code partition}, or -1 when it has no leader right now. */
    int leaderOf(final String topic, final int partition) throws InterruptedException {
        try (Admin admin = admin()) {
            final TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic);
            final Node leader = description.partitions().get(partition).leader();
            return leader == null ? -1 : leader.id();
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }

    int nodes() {
        return nodes;
    }

    /** Whether node {@code nodeId}'s process runs. */
    boolean isRunning(final int nodeId) {
        final Process process = running.get(nodeId);
        return process != null && process.isAlive();
    }

    private void launch(final int nodeId) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterNodeMain.class.getName());
        command.add(directory.toString());
        command.add(Integer.toString(nodeId));
        command.add(Integer.toString(defaultPartitions));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("node-" + nodeId + ".log")
                        .toFile()));
        running.put(nodeId, ChildProcesses.started(builder.start()));
    }

    private void awaitLive(final int expected, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (final Map.Entry<Integer, Process> node : running.entrySet()) {
                if (!node.getValue().isAlive()) {
                    throw new IllegalStateException("Kafka node " + node.getKey() + " exited with "
                            + node.getValue().exitValue() + ", see " + directory.resolve("node-" + node.getKey()
                            + ".log"));
                }
            }
            try (Admin admin = admin()) {
                if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= expected) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // Not up yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the cluster did not list " + expected + " live nodes within " + timeout);
    }

    private Admin admin() {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(props);
    }

    @Override
    public void close() throws InterruptedException {
        // All at once: a node stopping last would otherwise wait for a controller quorum that is gone.
        running.values().forEach(Process::destroy);
        for (final Process process : running.values()) {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        running.clear();
    }
}
