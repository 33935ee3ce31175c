package io.exectrace.broker;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) running inside this JVM on
 * 127.0.0.1. {@link Builder#start()} returns once clients can use it; {@link #close()} stops it.
 *
 * <p>Foreground use, as {@code ./exectrace broker} does:
 * <pre>{@code
 * EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
 *         .port(EmbeddedKafkaBroker.DEFAULT_PORT)
 *         .dataDirectory(Path.of("data/kafka"))
 *         .start();
 * Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
 * System.out.println("Kafka ready at " + broker.bootstrapServers());
 * broker.awaitShutdown();
 * }</pre>
 *
 * <p>A given data directory is kept and reused: it is formatted only on first use, so topics,
 * records and the cluster id survive restarts. Without one, a fresh temporary directory is used and
 * deleted on close. Topics are never auto-created: the application creates the topics it uses.
 *
 * <p>Kafka logs through SLF4J (log4j-api calls are bridged to it); it is verbose at INFO, so the
 * application's logback configuration should set {@code kafka}, {@code org.apache.kafka} and
 * {@code state.change.logger} to WARN.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Kafka's conventional client port, the launcher's default. */
    public static final int DEFAULT_PORT = 9092;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String BIND_FAILURE = "Socket server failed to bind to ";

    private final KafkaRaftServer server;
    private final DataDirectoryLock directoryLock;
    private final int port;
    private final int controllerPort;
    private final Path dataDirectory;
    private final boolean deleteDataDirectoryOnClose;
    private final String clusterId;
    private final Object lifecycle = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, DataDirectoryLock directoryLock, int port, int controllerPort,
                                Path dataDirectory, boolean deleteDataDirectoryOnClose, String clusterId) {
        this.server = server;
        this.directoryLock = directoryLock;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDirectory = dataDirectory;
        this.deleteDataDirectoryOnClose = deleteDataDirectoryOnClose;
        this.clusterId = clusterId;
    }

    /** A builder with the defaults: free port, temporary data directory, one partition per topic. */
    public static Builder builder() {
        return new Builder();
    }

    /** The address clients connect to, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + port;
    }

    /** The client port; the actual one when port 0 was requested. */
    public int port() {
        return port;
    }

    /** The KRaft controller port (internal to the broker, but it must be free too). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The absolute directory holding the broker's metadata and topic data. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The cluster id stored in the data directory when it was first formatted. */
    public String clusterId() {
        return clusterId;
    }

    /** Blocks until {@link #close()} has finished, for example when a shutdown hook closes the broker. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops the broker and waits until it has released its ports and data directory. Idempotent;
     * a second caller waits for the first close to finish.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            try {
                stopServer(server);
                LOG.info("Kafka broker on {} stopped", bootstrapServers());
            } finally {
                directoryLock.close();
                if (deleteDataDirectoryOnClose) {
                    deleteQuietly(dataDirectory);
                }
                closed = true;
                stopped.countDown();
            }
        }
    }

    private static EmbeddedKafkaBroker start(Builder settings) {
        long startNanos = System.nanoTime();
        int port = settings.port == 0 ? LoopbackPorts.pickFree() : settings.port;
        String address = LoopbackPorts.HOST + ":" + port;
        if (settings.port != 0 && !LoopbackPorts.isFree(port)) {
            throw new BrokerStartException("cannot start Kafka on " + address + ": port already in use");
        }
        int controllerPort = settings.controllerPort == 0 ? pickFreeExcept(port) : settings.controllerPort;
        if (settings.controllerPort != 0 && !LoopbackPorts.isFree(controllerPort)) {
            throw new BrokerStartException("cannot start Kafka on " + address + ": controller port "
                    + LoopbackPorts.HOST + ":" + controllerPort + " already in use");
        }
        boolean temporary = settings.dataDirectory == null;
        Path dataDirectory = temporary ? createTemporaryDirectory() : createDirectory(settings.dataDirectory);
        try {
            EmbeddedKafkaBroker broker = launch(settings, port, controllerPort, dataDirectory, temporary);
            LOG.info("Kafka broker ready on {} (cluster {}, data {}) after {} ms", address, broker.clusterId,
                    dataDirectory, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return broker;
        } catch (BrokerStartException e) {
            if (temporary) {
                deleteQuietly(dataDirectory);
            }
            throw e;
        }
    }

    /** Locks and, if new, formats the data directory, then starts Kafka and waits until it serves clients. */
    private static EmbeddedKafkaBroker launch(Builder settings, int port, int controllerPort, Path dataDirectory,
                                              boolean temporary) {
        NodeLaunch node = new NodeLaunch(SingleNodeBrokerProperties.NODE_ID, port, controllerPort, dataDirectory,
                SingleNodeBrokerProperties.of(port, controllerPort, dataDirectory, settings.defaultPartitions,
                        settings.brokerProperties),
                SingleNodeBrokerProperties.CONTROLLER_LISTENER, null, List.of(), Map.of(), settings.startupTimeout);
        return launch(node, temporary);
    }

    /**
     * Starts one KRaft node as described, blocking until it serves clients; the data directory is kept on close.
     * Used for the nodes of an {@link EmbeddedKafkaCluster}.
     */
    static EmbeddedKafkaBroker launchNode(NodeLaunch node) {
        return launch(node, false);
    }

    private static EmbeddedKafkaBroker launch(NodeLaunch node, boolean temporary) {
        String address = LoopbackPorts.HOST + ":" + node.port();
        DataDirectoryLock directoryLock = DataDirectoryLock.acquire(node.dataDirectory(), address);
        KafkaRaftServer server = null;
        try {
            String clusterId = KraftStorage.formatIfNeeded(node.dataDirectory(), node.nodeId(),
                    node.controllerListener(), node.clusterId(), node.scramArguments());
            KafkaConfig config = kafkaConfig(address, node.serverProperties());
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitClientsServed(address, node.readinessClientConfig(), node.startupTimeout());
            return new EmbeddedKafkaBroker(server, directoryLock, node.port(), node.controllerPort(),
                    node.dataDirectory(), temporary, clusterId);
        } catch (Exception failure) {
            // Kafka's Scala code may throw checked exceptions undeclared, so catch them all here.
            if (server != null) {
                stopServer(server);
            }
            directoryLock.close();
            throw failure instanceof BrokerStartException bse ? bse : translate(address, failure);
        }
    }

    private static int pickFreeExcept(int port) {
        int candidate = LoopbackPorts.pickFree();
        while (candidate == port) {
            candidate = LoopbackPorts.pickFree();
        }
        return candidate;
    }

    private static KafkaConfig kafkaConfig(String address, Map<String, String> properties) {
        try {
            return new KafkaConfig(properties, false);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new BrokerStartException("cannot start Kafka on " + address + ": invalid broker configuration: "
                    + e.getMessage(), e);
        }
    }

    /** Startup has returned; wait until the broker answers a client request and lists itself. */
    private static void awaitClientsServed(String address, Map<String, Object> clientConfig, Duration timeout) {
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        Map<String, Object> adminConfig = new LinkedHashMap<>(clientConfig);
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "exectrace-broker-readiness");
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5_000));
        try (Admin admin = Admin.create(adminConfig)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new BrokerStartException("cannot start Kafka on " + address + ": broker lists no live nodes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("cannot start Kafka on " + address + ": interrupted while waiting", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerStartException("cannot start Kafka on " + address + ": not serving clients within "
                    + timeout.toSeconds() + " s", e);
        }
    }

    /** Turns Kafka's startup failures into one line naming the address and the reason. */
    private static BrokerStartException translate(String address, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.startsWith(BIND_FAILURE)) {
                String failedAddress = message.substring(BIND_FAILURE.length()).split(": ", 2)[0];
                String what = failedAddress.equals(address) ? "port" : "port " + failedAddress;
                return new BrokerStartException("cannot start Kafka on " + address + ": " + what + " already in use",
                        failure);
            }
            if (t instanceof BindException) {
                return new BrokerStartException("cannot start Kafka on " + address + ": port already in use", failure);
            }
        }
        String reason = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        return new BrokerStartException("cannot start Kafka on " + address + ": " + reason, failure);
    }

    private static void stopServer(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka broker did not shut down cleanly: {}", e.toString(), e);
        }
    }

    private static Path createTemporaryDirectory() {
        try {
            return Files.createTempDirectory("exectrace-kafka-").toAbsolutePath();
        } catch (IOException e) {
            throw new BrokerStartException("cannot create a temporary Kafka data directory: " + e.getMessage(), e);
        }
    }

    static Path createDirectory(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            return Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new BrokerStartException("cannot create Kafka data directory " + absolute + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete Kafka data directory {}: {}", directory, e.toString());
        }
    }

    /** Settings of an {@link EmbeddedKafkaBroker}; {@link #start()} launches it. */
    public static final class Builder {

        private int port;
        private int controllerPort;
        private Path dataDirectory;
        private int defaultPartitions = 1;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** The client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /** A directory that is kept on close and reused by the next start (formatted only once). */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** Partitions of topics created without an explicit count (Kafka's {@code num.partitions}); default 1. */
        public Builder defaultPartitions(int defaultPartitions) {
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be at least 1: " + defaultPartitions);
            }
            this.defaultPartitions = defaultPartitions;
            return this;
        }

        /** A Kafka server property that overrides the embedded defaults. */
        public Builder brokerProperty(String name, String value) {
            brokerProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Kafka server properties that override the embedded defaults. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /** How long {@link #start()} waits for the broker to serve clients; default 60 s. */
        public Builder startupTimeout(Duration startupTimeout) {
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
            }
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Starts the broker and blocks until it serves clients.
         *
         * @throws BrokerStartException when a port is taken, the data directory is unusable or Kafka fails to start
         */
        public EmbeddedKafkaBroker start() {
            return EmbeddedKafkaBroker.start(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
