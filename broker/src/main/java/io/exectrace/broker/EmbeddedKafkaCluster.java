package io.exectrace.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of several KRaft nodes (each broker and controller) in this JVM on 127.0.0.1, optionally
 * secured: SASL_SSL with SCRAM-SHA-512 for clients, mutual TLS between the nodes, ACLs required for everything
 * ({@code allow.everyone.if.no.acl.found=false}) and a super user {@code admin}. TLS stores and passwords are
 * generated on first start into the cluster directory and reused afterwards, as are the ports.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).secure(true).start()) {
 *     ScramUser app = cluster.user("exectrace");
 *     Map<String, String> props = app.clientProperties();   // plus bootstrap.servers = cluster.bootstrapServers()
 * }
 * }</pre>
 *
 * <p>Nodes can be stopped and started one by one ({@link #stopNode}, {@link #startNode}); a node restarts on its
 * old ports and data. {@link ClusterNodeMain} runs one node of the same directory as its own process instead.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final int SCRAM_ITERATIONS = 8192;

    private final Path directory;
    private final boolean deleteOnClose;
    private final Builder settings;
    private final TlsStores tls;
    private final Map<Integer, EmbeddedKafkaBroker> running = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ClusterLayout layout;
    private boolean closed;

    private EmbeddedKafkaCluster(Path directory, boolean deleteOnClose, Builder settings, ClusterLayout layout,
                                 TlsStores tls) {
        this.directory = directory;
        this.deleteOnClose = deleteOnClose;
        this.settings = settings;
        this.layout = layout;
        this.tls = tls;
    }

    /** A builder with the defaults: three nodes, plaintext, free ports, a temporary directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** All nodes' client addresses, {@code 127.0.0.1:P1,127.0.0.1:P2,...}. */
    public String bootstrapServers() {
        StringJoiner servers = new StringJoiner(",");
        layout.nodes().forEach(node -> servers.add(LoopbackPorts.HOST + ":" + node.client()));
        return servers.toString();
    }

    /** Node {@code nodeId}'s client address (node ids start at 1). */
    public String nodeAddress(int nodeId) {
        return LoopbackPorts.HOST + ":" + layout.nodes().get(checkNode(nodeId) - 1).client();
    }

    /** How many nodes the cluster has (running or not). */
    public int nodeCount() {
        return layout.nodes().size();
    }

    /** Whether clients must use SASL_SSL. */
    public boolean secure() {
        return layout.secure();
    }

    /** The directory holding the nodes' data, the TLS stores and {@code cluster.properties}. */
    public Path directory() {
        return directory;
    }

    /** The cluster id all nodes were formatted with. */
    public String clusterId() {
        return layout.clusterId();
    }

    /** The TLS stores of a secured cluster. */
    public TlsStores tlsStores() {
        requireSecure();
        return tls;
    }

    /** The super user {@code admin} of a secured cluster (SCRAM, created at format time). */
    public ScramUser admin() {
        requireSecure();
        return new ScramUser(ClusterLayout.ADMIN_USER, layout.adminPassword(), tls);
    }

    /**
     * The SCRAM user {@code name} of a secured cluster: created with a random password the first time (kept in the
     * cluster directory), and returned once every running node accepts its login. It has no ACLs: grant them.
     */
    public synchronized ScramUser user(String name) {
        requireSecure();
        if (name.equals(ClusterLayout.ADMIN_USER)) {
            return admin();
        }
        ClusterLayout updated = layout.withUser(name);
        if (updated != layout) {
            updated.store(directory);
            layout = updated;
        }
        ScramUser user = new ScramUser(name, layout.userPasswords().get(name), tls);
        try (Admin admin = Admin.create(adminConfig())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), user.password())))
                    .all().get(settings.startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + name, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create SCRAM user " + name + ": " + e.getMessage(), e);
        }
        awaitLoginAccepted(user);
        return user;
    }

    /**
     * A new mutable admin client config: bootstrap servers and, on a secured cluster, the {@code admin} super
     * user's SASL_SSL settings.
     */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (secure()) {
            config.putAll(admin().clientProperties());
        }
        return config;
    }

    /** Whether node {@code nodeId} runs in this JVM now. */
    public synchronized boolean isRunning(int nodeId) {
        return running.containsKey(checkNode(nodeId));
    }

    /** Stops node {@code nodeId} cleanly (controlled shutdown), keeping its data; a no-op when it is stopped. */
    public void stopNode(int nodeId) {
        EmbeddedKafkaBroker node;
        synchronized (this) {
            node = running.remove(checkNode(nodeId));
        }
        if (node != null) {
            node.close();
        }
    }

    /** Starts node {@code nodeId} again on its ports and data; blocks until it serves clients. */
    public void startNode(int nodeId) {
        checkNode(nodeId);
        synchronized (this) {
            if (running.containsKey(nodeId)) {
                return;
            }
        }
        EmbeddedKafkaBroker node = EmbeddedKafkaBroker.launchNode(nodeLaunch(nodeId));
        synchronized (this) {
            running.put(nodeId, node);
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Stops every node (in parallel, so the last ones do not wait for a lost quorum); idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<EmbeddedKafkaBroker> nodes;
        synchronized (this) {
            nodes = new ArrayList<>(running.values());
            running.clear();
        }
        List<Thread> stopping = new ArrayList<>();
        for (EmbeddedKafkaBroker node : nodes) {
            Thread thread = new Thread(node::close, "kafka-node-shutdown");
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (deleteOnClose) {
            try {
                Utils.delete(directory.toFile());
            } catch (IOException e) {
                LOG.warn("Could not delete cluster directory {}: {}", directory, e.toString());
            }
        }
        stopped.countDown();
    }

    NodeLaunch nodeLaunch(int nodeId) {
        return nodeLaunch(layout, directory, tls, nodeId, settings.defaultPartitions, settings.brokerProperties,
                settings.startupTimeout);
    }

    /** How node {@code nodeId} of the cluster in {@code directory} starts, in this JVM or as its own process. */
    static NodeLaunch nodeLaunch(ClusterLayout layout, Path directory, TlsStores tls, int nodeId, int defaultPartitions,
                                 Map<String, String> overrides, Duration startupTimeout) {
        ClusterLayout.NodePorts ports = layout.nodes().get(nodeId - 1);
        Path nodeDirectory = EmbeddedKafkaBroker.createDirectory(directory.resolve("node-" + nodeId));
        Map<String, Object> readiness = new HashMap<>();
        if (layout.secure()) {
            readiness.putAll(new ScramUser(ClusterLayout.ADMIN_USER, layout.adminPassword(), tls).clientProperties());
        }
        return new NodeLaunch(nodeId, ports.client(), ports.controller(), nodeDirectory,
                ClusterNodeProperties.of(layout, nodeId, nodeDirectory, tls, defaultPartitions, overrides),
                ClusterNodeProperties.CONTROLLER_LISTENER, layout.clusterId(),
                ClusterNodeProperties.scramArguments(layout), readiness, startupTimeout);
    }

    /**
     * Writes the layout (ports, cluster id, secrets) and, when secured, the TLS stores of a cluster into
     * {@code directory} without starting it, for nodes run as separate processes by {@link ClusterNodeMain};
     * an existing layout is kept. Returns the bootstrap servers.
     */
    public static String prepare(Path directory, int nodes, boolean secure) {
        Path absolute = EmbeddedKafkaBroker.createDirectory(directory);
        ClusterLayout layout = ClusterLayout.loadOrCreate(absolute, nodes, secure, 0);
        if (secure) {
            TlsStores.createIfMissing(absolute.resolve("tls"), layout.storePassword());
        }
        StringJoiner servers = new StringJoiner(",");
        layout.nodes().forEach(node -> servers.add(LoopbackPorts.HOST + ":" + node.client()));
        return servers.toString();
    }

    /** SCRAM credentials reach each broker through the metadata log a moment after the controller stored them. */
    private void awaitLoginAccepted(ScramUser user) {
        long deadline = System.nanoTime() + settings.startupTimeout.toNanos();
        List<Integer> nodes;
        synchronized (this) {
            nodes = new ArrayList<>(running.keySet());
        }
        for (int nodeId : nodes) {
            Map<String, Object> config = new HashMap<>(user.clientProperties());
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, nodeAddress(nodeId));
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            while (true) {
                try (Admin admin = Admin.create(config)) {
                    admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof SaslAuthenticationException) || System.nanoTime() > deadline) {
                        throw new IllegalStateException("SCRAM user " + user.name() + " cannot log in to node "
                                + nodeId + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while checking SCRAM user " + user.name(), e);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("node " + nodeId + " did not answer SCRAM user " + user.name(), e);
                }
                sleep(200);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int checkNode(int nodeId) {
        if (nodeId < 1 || nodeId > layout.nodes().size()) {
            throw new IllegalArgumentException("no node " + nodeId + " in a " + layout.nodes().size() + "-node cluster");
        }
        return nodeId;
    }

    private void requireSecure() {
        if (!secure()) {
            throw new IllegalStateException("the cluster is not secured: it has no users and no TLS stores");
        }
    }

    private static EmbeddedKafkaCluster start(Builder settings) {
        long startNanos = System.nanoTime();
        boolean temporary = settings.directory == null;
        Path directory;
        try {
            directory = temporary ? Files.createTempDirectory("exectrace-cluster-").toAbsolutePath()
                    : EmbeddedKafkaBroker.createDirectory(settings.directory);
        } catch (IOException e) {
            throw new BrokerStartException("cannot create a temporary cluster directory: " + e.getMessage(), e);
        }
        ClusterLayout layout = ClusterLayout.loadOrCreate(directory, settings.nodes, settings.secure,
                settings.firstPort);
        TlsStores tls = layout.secure() ? TlsStores.createIfMissing(directory.resolve("tls"), layout.storePassword())
                : null;
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(directory, temporary, settings, layout, tls);
        checkPortsFree(layout);
        // A node's start-up waits for a controller quorum, so all nodes must start at once.
        ExecutorService starters = Executors.newFixedThreadPool(layout.nodes().size(), r -> new Thread(r,
                "kafka-node-start"));
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (int nodeId = 1; nodeId <= layout.nodes().size(); nodeId++) {
                final int id = nodeId;
                starts.add(starters.submit(() -> cluster.startNode(id)));
            }
            for (Future<?> start : starts) {
                start.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster.close();
            throw new BrokerStartException("interrupted while starting the Kafka cluster", e);
        } catch (ExecutionException e) {
            cluster.close();
            throw e.getCause() instanceof BrokerStartException bse ? bse
                    : new BrokerStartException("cannot start the Kafka cluster: " + e.getCause().getMessage(),
                            e.getCause());
        } finally {
            starters.shutdownNow();
        }
        LOG.info("Kafka cluster ready on {} ({}, cluster {}, data {}) after {} ms", cluster.bootstrapServers(),
                layout.describe(), layout.clusterId(), directory,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return cluster;
    }

    private static void checkPortsFree(ClusterLayout layout) {
        for (int i = 0; i < layout.nodes().size(); i++) {
            ClusterLayout.NodePorts ports = layout.nodes().get(i);
            for (int port : new int[] {ports.client(), ports.internal(), ports.controller()}) {
                if (!LoopbackPorts.isFree(port)) {
                    throw new BrokerStartException("cannot start Kafka node " + (i + 1) + ": port " + LoopbackPorts.HOST
                            + ":" + port + " already in use");
                }
            }
        }
    }

    /** Settings of an {@link EmbeddedKafkaCluster}; {@link #start()} launches it. */
    public static final class Builder {

        private int nodes = 3;
        private boolean secure;
        private Path directory;
        private int firstPort;
        private int defaultPartitions = 1;
        private Duration startupTimeout = Duration.ofSeconds(90);
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** Number of nodes, 1 to 9; default 3 (replication 3, {@code min.insync.replicas=2}). */
        public Builder nodes(int nodes) {
            if (nodes < 1 || nodes > 9) {
                throw new IllegalArgumentException("nodes must be between 1 and 9: " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** SASL_SSL/SCRAM-SHA-512 for clients, mutual TLS between nodes, ACLs required; default off. */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /** A directory kept on close and reused by the next start; default a temporary one deleted on close. */
        public Builder dataDirectory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Client port of node 1 (node N gets this + N - 1) on a new directory; 0 (default) picks free ports. */
        public Builder firstPort(int firstPort) {
            if (firstPort < 0 || firstPort > 65_535 - 9) {
                throw new IllegalArgumentException("port out of range: " + firstPort);
            }
            this.firstPort = firstPort;
            return this;
        }

        /** Partitions of topics created without an explicit count; default 1. */
        public Builder defaultPartitions(int defaultPartitions) {
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be at least 1: " + defaultPartitions);
            }
            this.defaultPartitions = defaultPartitions;
            return this;
        }

        /** Kafka server properties that override the defaults on every node. */
        public Builder brokerProperties(Map<String, String> properties) {
            brokerProperties.putAll(properties);
            return this;
        }

        /** How long each node may take to serve clients; default 90 s. */
        public Builder startupTimeout(Duration startupTimeout) {
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
            }
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Starts every node and blocks until each serves clients.
         *
         * @throws BrokerStartException when a port is taken, the directory is unusable or Kafka fails to start
         */
        public EmbeddedKafkaCluster start() {
            return EmbeddedKafkaCluster.start(this);
        }
    }
}
