package io.exectrace.streams.app;

import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.deadletter.DeadLetterRecords;
import io.exectrace.streams.metrics.PipelineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the exectrace topology: provisions the topics, starts {@link KafkaStreams} with exectrace's settings and
 * exposes it for interactive queries. One instance per process; {@link #close()} stops it. Its processors record
 * the pipeline metrics, and Kafka Streams its client metrics, into the registry it was created with.
 */
public final class ExectraceStreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExectraceStreamsApp.class);
    /** Commit (and, under exactly-once, transaction) interval: output latency versus per-commit overhead. */
    static final int COMMIT_INTERVAL_MS = 1_000;
    /** Record cache shared by the threads' stores; absorbs repeated updates of hot keys between commits. */
    static final long CACHE_BYTES = 64L * 1024 * 1024;
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ExectraceConfig config;
    private final PipelineMetrics metrics;
    private final List<KafkaStreams.StateListener> listeners = new CopyOnWriteArrayList<>();
    private volatile KafkaStreams streams;
    private volatile Topology topology;
    private volatile KafkaStreamsMetrics clientMetrics;
    private volatile BrokerWatch brokerWatch;
    private volatile InputEndOffsets inputEnds;
    private volatile ConsumerLagBacklog inputBacklog;

    /** An app whose metrics go to a registry of its own (nothing exports them). */
    public ExectraceStreamsApp(final ExectraceConfig config) {
        this(config, new SimpleMeterRegistry());
    }

    /** An app whose pipeline metrics and Kafka Streams client metrics go to {@code registry}. */
    public ExectraceStreamsApp(final ExectraceConfig config, final MeterRegistry registry) {
        this.config = config;
        this.metrics = PipelineMetrics.create(registry, config);
    }

    /** The Kafka Streams properties exectrace runs with (also what the tests' TopologyTestDriver uses). */
    public static Properties streamsProperties(final ExectraceConfig config) {
        final Properties props = new Properties();
        props.putAll(config.kafkaOverrides());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // A dead letter of the largest input record, headers added, must fit (see TopicProvisioner).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                TopicProvisioner.MAX_OUTPUT_RECORD_BYTES);
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                Integer.toString(TopicProvisioner.MAX_OUTPUT_RECORD_BYTES));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_BYTES);
        // A task reads its input partition and the rekey partition, which carries only records that arrived
        // under another key (usually none). With the default (0) Kafka Streams asks for that empty partition's
        // lag before every record and formats a log message each time (~5 % of a stream thread in the profile);
        // waiting would not order anything anyway: a rerouted record is produced after it arrived.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedSpaceRocksDbConfig.class);
        props.putAll(config.streamsOverrides());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        DeadLetterRecords.configureHandlers(props, config.dlqTopic(), config.processingErrorPolicy());
        return props;
    }

    /**
     * Creates the application's topics as {@link #start()} does, without starting anything: for an administrator
     * preparing a cluster where the application's own principal may not create topics.
     *
     * @return partitions of the input topic
     */
    public static int provisionTopics(final ExectraceConfig config) {
        return TopicProvisioner.provision(config);
    }

    /** Registers a listener for Kafka Streams state changes (call before {@link #start()}). */
    public void onStateChange(final KafkaStreams.StateListener listener) {
        listeners.add(listener);
    }

    /**
     * Provisions the topics, builds the topology for the input topic's real partition count and starts Kafka
     * Streams. Returns once Kafka Streams is starting; use {@link #awaitRunning(Duration)} to wait.
     *
     * @throws TopicProvisioningException when the broker cannot be reached
     */
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("already started");
        }
        LOG.info("Starting exectrace streams: {}", config);
        final int inputPartitions = TopicProvisioner.provision(config);
        final ConsumerLagBacklog backlog = new ConsumerLagBacklog(config.inputTopic());
        inputBacklog = backlog;
        topology = ExectraceTopology.build(config, inputPartitions, metrics, backlog);
        final KafkaStreams created = new KafkaStreams(topology, streamsProperties(config));
        inputEnds = new InputEndOffsets(config, inputPartitions);
        backlog.attach(created, inputEnds);
        clientMetrics = new KafkaStreamsMetrics(created);
        clientMetrics.bindTo(metrics.registry());
        created.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams {} -> {}", oldState, newState);
            listeners.forEach(listener -> listener.onChange(newState, oldState));
        });
        created.setUncaughtExceptionHandler(exception -> {
            LOG.error("Stream thread died; replacing it", exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams = created;
        brokerWatch = new BrokerWatch(config);
        created.start();
    }

    /** Waits until Kafka Streams is RUNNING; false on timeout or when it went to ERROR / shut down. */
    public boolean awaitRunning(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final KafkaStreams.State state = streams().state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The running Kafka Streams instance, for interactive queries and metrics. */
    public KafkaStreams streams() {
        final KafkaStreams current = streams;
        if (current == null) {
            throw new IllegalStateException("not started");
        }
        return current;
    }

    /**
     * Whether this instance's active task of input partition {@code partition} is still working off input that had
     * reached the partition when the task started: its stores may lack what an earlier owner already answered (a
     * crash rolls them back to the last commit), so "unknown session" is not an answer yet. False before
     * {@link #start()} and for partitions this instance does not process.
     */
    public boolean catchingUp(final int partition) {
        final ConsumerLagBacklog backlog = inputBacklog;
        return backlog != null && backlog.catchingUp(partition);
    }

    /** The topology that was started (null before {@link #start()}). */
    public Topology topology() {
        return topology;
    }

    /** A store of this instance across its local partitions, e.g. {@code store(Registry.TIMELINE)}. */
    public <T> T store(final Registry.Store<T> store) {
        return store(store.name(), store.queryType());
    }

    /** A store of this instance across its local partitions, by name and view. */
    public <T> T store(final String storeName, final QueryableStoreType<T> type) {
        return streams().store(StoreQueryParameters.fromNameAndType(storeName, type));
    }

    /**
     * Whether the Kafka cluster answered within the last few seconds. Kafka Streams stays RUNNING through a broker
     * outage, so readiness needs this too. True before {@link #start()}.
     */
    public boolean brokerReachable() {
        final BrokerWatch watch = brokerWatch;
        return watch == null || watch.reachable();
    }

    /** Why the cluster is unreachable (the last probe's error), or empty. */
    public String brokerProblem() {
        final BrokerWatch watch = brokerWatch;
        return watch == null ? "" : watch.problem();
    }

    public ExectraceConfig config() {
        return config;
    }

    /** The pipeline's metrics (and the registry they are in). */
    public PipelineMetrics metrics() {
        return metrics;
    }

    /** Stops Kafka Streams, waiting at most {@code timeout} for the threads to commit and close. */
    public synchronized boolean close(final Duration timeout) {
        final KafkaStreams current = streams;
        if (current == null) {
            return true;
        }
        // Leave the group on a planned stop: the survivors (or this instance restarted) get the tasks at once
        // instead of after the member's session timeout.
        final boolean closed = current.close(CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!closed) {
            LOG.warn("Kafka Streams did not close within {}", timeout);
        }
        final KafkaStreamsMetrics bound = clientMetrics;
        if (bound != null) {
            bound.close();
        }
        final BrokerWatch watch = brokerWatch;
        if (watch != null) {
            watch.close();
        }
        final InputEndOffsets ends = inputEnds;
        if (ends != null) {
            ends.close();
        }
        return closed;
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }
}
