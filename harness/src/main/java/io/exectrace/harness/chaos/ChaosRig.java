package io.exectrace.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.broker.EmbeddedKafkaBroker;
import io.exectrace.broker.TopicCreation;
import io.exectrace.events.ChainOutcome;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test bench the scenarios (and the {@code bench freshness} and {@code bench csv} benchmarks) share: a real
 * Kafka broker in this JVM (stoppable and restartable on the same ports and data directory), one synthetic input
 * topic, app instances as child processes with their own application id, state directory and output topics, and
 * the checks: drained, snapshot, ground truth.
 */
public final class ChaosRig implements AutoCloseable {
    /** The input topic every app instance of a rig reads. */
    public static final String INPUT_TOPIC = "execution-events";
    /** Partitions of the input topic. */
    public static final int PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final Path brokerDir;
    private final ChaosLog log;
    private EmbeddedKafkaBroker broker;
    private final int port;
    private final int controllerPort;
    /** The cluster's bootstrap servers; the embedded broker's address unless the rig runs on a cluster. */
    private final String bootstrapServers;
    private final short replication;
    private ExpectedTotals expected;
    private SynthSettings input;
    private InputKeying inputKeying = InputKeying.SESSION;

    private ChaosRig(final Path workDir, final ChaosLog log) {
        this.workDir = workDir;
        this.brokerDir = workDir.resolve("kafka");
        this.log = log;
        this.broker = EmbeddedKafkaBroker.builder().dataDirectory(brokerDir).defaultPartitions(PARTITIONS)
                .brokerProperty("group.initial.rebalance.delay.ms", "0").start();
        this.port = broker.port();
        this.controllerPort = broker.controllerPort();
        this.bootstrapServers = broker.bootstrapServers();
        this.replication = 1;
    }

    private ChaosRig(final Path workDir, final ChaosLog log, final String bootstrapServers, final short replication) {
        this.workDir = workDir;
        this.brokerDir = null;
        this.log = log;
        this.broker = null;
        this.port = -1;
        this.controllerPort = -1;
        this.bootstrapServers = bootstrapServers;
        this.replication = replication;
    }

    /**
     * A rig on a cluster someone else runs (e.g. {@link ClusterNodes}): no broker of its own, so
     * {@link #stopBroker()} and {@link #startBroker()} are not available; the input topic gets {@code replication}.
     */
    public static ChaosRig onCluster(final Path workDir, final ChaosLog log, final String bootstrapServers,
                                     final short replication) {
        return new ChaosRig(workDir, log, bootstrapServers, replication);
    }

    /** Starts the broker with its data under {@code workDir/kafka}. */
    public static ChaosRig start(final Path workDir, final ChaosLog log) {
        return new ChaosRig(workDir, log);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path workDir() {
        return workDir;
    }

    /** Stops the broker (a clean shutdown of the only node: for every client, the cluster is gone). */
    public void stopBroker() {
        requireOwnBroker();
        broker.close();
    }

    /** Starts the broker again on the same ports and data directory. */
    public void startBroker() {
        requireOwnBroker();
        broker = EmbeddedKafkaBroker.builder().port(port).controllerPort(controllerPort).dataDirectory(brokerDir)
                .defaultPartitions(PARTITIONS).brokerProperty("group.initial.rebalance.delay.ms", "0").start();
    }

    /**
     * Creates the input topic and sends {@code events} synthetic lines (seeded: same seed, same bytes, same keys)
     * as fast as the broker takes them; returns the generator's ground truth.
     */
    public ExpectedTotals loadInput(final long events, final long seed) throws InterruptedException {
        return loadInput(events, seed, InputKeying.SESSION);
    }

    /** {@link #loadInput(long, long)} with the records keyed as {@code keying} says. */
    public ExpectedTotals loadInput(final long events, final long seed, final InputKeying keying)
            throws InterruptedException {
        final long start = Instant.parse("2025-12-20T08:00:00Z").getEpochSecond() * 1_000_000L;
        createInputTopic();
        return sendInput(SynthSettings.defaults(seed, start).withSessions(20).withMaxLines(events), keying);
    }

    /**
     * Creates the input topic and sends what the generator makes of {@code settings} (which must end: a line
     * or duration limit) as fast as the broker takes it; returns the generator's ground truth.
     */
    public ExpectedTotals loadInput(final SynthSettings settings) throws InterruptedException {
        createInputTopic();
        return sendInput(settings);
    }

    /**
     * Sends what the generator makes of {@code settings} (which must end) to the input topic, created before by
     * {@link #createInputTopic()}, as fast as the broker takes it; returns the generator's ground truth.
     */
    public ExpectedTotals sendInput(final SynthSettings settings) throws InterruptedException {
        return sendInput(settings, InputKeying.SESSION);
    }

    /** {@link #sendInput(SynthSettings)} with the records keyed as {@code keying} says. */
    public ExpectedTotals sendInput(final SynthSettings settings, final InputKeying keying)
            throws InterruptedException {
        return sendInput(settings, keying, false);
    }

    /**
     * Sends what the generator makes of {@code settings}, keyed by session id, either as fast as the cluster takes it
     * or {@code paced} at the settings' rate (a record goes out when the wall clock reaches its arrival time).
     */
    public ExpectedTotals sendInput(final SynthSettings settings, final boolean paced) throws InterruptedException {
        return sendInput(settings, InputKeying.SESSION, paced);
    }

    private ExpectedTotals sendInput(final SynthSettings settings, final InputKeying keying, final boolean paced)
            throws InterruptedException {
        input = settings;
        inputKeying = keying;
        final SyntheticSessions generator = new SyntheticSessions(settings);
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        if (keying == InputKeying.SESSION) {
            props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        }
        // Otherwise a plain producer's batches (16 KiB): the sticky partitioner moves unkeyed records to another
        // partition per batch, and with 256 KiB batches a small input (--events 2000) all went to one partition,
        // where no record can overtake another.
        final long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            if (keying == InputKeying.SESSION) {
                final SyntheticFeeder.Summary sent = new SyntheticFeeder(producer, INPUT_TOPIC)
                        .feed(generator, settings.startMicros(), paced, ReplayProgress.NONE);
                log.step("input: %,d lines in %.1f s", sent.records(), (System.nanoTime() - t0) / 1e9);
            } else {
                final Map<Integer, Long> perPartition = sendKeyed(producer, generator, keying);
                log.step("input: %,d lines in %.1f s, keyed by %s, per partition %s",
                        perPartition.values().stream().mapToLong(Long::longValue).sum(),
                        (System.nanoTime() - t0) / 1e9, keying.label(), perPartition);
            }
        }
        expected = generator.expectedTotals();
        return expected;
    }

    /**
     * Sends every generated record with the key {@code keying} gives it; the default partitioner places it. Returns
     * the records per partition.
     */
    private static Map<Integer, Long> sendKeyed(final KafkaProducer<String, byte[]> producer,
                                                final SyntheticSessions generator, final InputKeying keying) {
        final ExecutionEventParser parser = new ExecutionEventParser();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final Map<Integer, Long> perPartition = new ConcurrentSkipListMap<>();
        while (generator.hasNext()) {
            final SyntheticRecord record = generator.next();
            final String key = keying.keyOf(record, parser.parse(record.value()));
            producer.send(new ProducerRecord<>(INPUT_TOPIC, key, record.value()), (metadata, exception) -> {
                if (exception != null) {
                    failure.compareAndSet(null, exception);
                } else {
                    perPartition.merge(metadata.partition(), 1L, Long::sum);
                }
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("input records were not delivered: " + failure.get().getMessage(),
                    failure.get());
        }
        return perPartition;
    }

    /** How the input records were keyed. */
    public InputKeying inputKeying() {
        return inputKeying;
    }

    /** Creates the (empty) input topic with {@link #PARTITIONS} partitions; returns once every leader answers. */
    public void createInputTopic() throws InterruptedException {
        try (Admin admin = admin()) {
            TopicCreation.createAndAwaitLeaders(admin, new NewTopic(INPUT_TOPIC, PARTITIONS, replication),
                    Duration.ofSeconds(30));
        }
    }

    /** Lines on the input topic (valid, invalid and duplicates), as loaded. */
    public long inputLines() {
        return expected.lines();
    }

    /**
     * The settings of one app instance as the chaos scenarios run it: a 10 s idle timeout and a 6 s group session
     * timeout; {@code extra} adds or overrides keys (e.g. {@code idle.timeout}).
     */
    public AppInstance instance(final String applicationId, final Map<String, String> extra) throws IOException {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("idle.timeout", "10s");
        // A killed member is noticed after 6 s instead of 45 s (the broker's minimum session timeout).
        settings.put("streams.session.timeout.ms", "6000");
        settings.put("streams.heartbeat.interval.ms", "1500");
        settings.putAll(extra);
        return instanceWithDefaults(applicationId, settings);
    }

    /**
     * The settings of one app instance with exectrace's defaults for everything but what must be its own: the
     * cluster, application id, state directory, topic names and API port; {@code extra} adds or overrides keys.
     */
    public AppInstance instanceWithDefaults(final String applicationId, final Map<String, String> extra)
            throws IOException {
        return member(applicationId, applicationId, extra);
    }

    /**
     * One of several instances of {@code applicationId} (they share the work): its own state directory, API port,
     * configuration and log, named by {@code member}; exectrace's defaults plus {@code extra}.
     */
    public AppInstance member(final String applicationId, final String member, final Map<String, String> extra)
            throws IOException {
        final int apiPort = freePort();
        final Path stateDir = workDir.resolve("state-" + member);
        final Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        props.put("application.id", applicationId);
        props.put("state.dir", stateDir.toString());
        props.put("input.topic", INPUT_TOPIC);
        props.put("chains.topic", applicationId + "-chains");
        props.put("alerts.topic", applicationId + "-alerts");
        props.put("dlq.topic", applicationId + "-dlq");
        props.put("topic.partitions", Integer.toString(PARTITIONS));
        props.put("api.port", Integer.toString(apiPort));
        props.putAll(extra);
        final Path config = workDir.resolve(member + ".properties");
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "exectrace chaos: " + member);
        }
        return new AppInstance(applicationId, config, apiPort, stateDir, applicationId + "-chains",
                workDir.resolve(member + ".log"));
    }

    /** One app configuration: run it with {@link #launch()}, as often as a scenario restarts it. */
    public record AppInstance(String applicationId, Path config, int apiPort, Path stateDir, String chainsTopic,
                              Path log) {
        public AppProcess launch() throws IOException {
            return AppProcess.start(config, apiPort, log);
        }

        /** Runs it with these JVM options instead of the chaos scenarios' ({@link AppProcess#CHAOS_JVM_OPTIONS}). */
        public AppProcess launch(final List<String> jvmOptions) throws IOException {
            return AppProcess.start(config, apiPort, log, jvmOptions);
        }

        /** Deletes the instance's local state (RocksDB stores, checkpoints): the next start restores it. */
        public void deleteState() throws IOException {
            if (!Files.exists(stateDir)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(stateDir)) {
                for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Input records not yet committed by the instance's consumer group (all partitions); -1 when unknown. */
    public long inputLag(final String applicationId) {
        try (Admin admin = admin()) {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (final Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                    : inputEndOffsets(admin).entrySet()) {
                final OffsetAndMetadata done = committed.get(e.getKey());
                lag += e.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Records on the input topic so far (the sum of its partitions' end offsets); -1 when unknown. */
    public long inputRecords() {
        try (Admin admin = admin()) {
            long total = 0;
            for (final ListOffsetsResult.ListOffsetsResultInfo end : inputEndOffsets(admin).values()) {
                total += end.offset();
            }
            return total;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> inputEndOffsets(final Admin admin)
            throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException,
            InterruptedException {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(INPUT_TOPIC, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    }

    /** Records in all changelog topics of {@code applicationId} (end offsets, transaction markers included). */
    public long changelogRecords(final String applicationId) throws InterruptedException {
        try (Admin admin = admin()) {
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (final String topic : admin.listTopics().names().get(10, TimeUnit.SECONDS)) {
                if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                    }
                }
            }
            long total = 0;
            for (final ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(latest).all()
                    .get(10, TimeUnit.SECONDS).values()) {
                total += info.offset();
            }
            return total;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return -1;
        }
    }

    /**
     * Waits until the instance has committed all its input and every session has been closed by the idle
     * timeout (so nothing can change any more), then returns what it left in Kafka.
     *
     * @param running the instance's current process, checked for an unexpected exit; may be null
     */
    public PipelineSnapshot awaitDrained(final AppInstance instance, final java.util.function.Supplier<AppProcess>
            running, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final int sessions = expected.sessions().size();
        String last = "no snapshot read (input lag above 0)";
        while (System.nanoTime() < deadline) {
            final AppProcess app = running == null ? null : running.get();
            if (app != null && !app.alive()) {
                throw new IllegalStateException("the app " + instance.applicationId() + " died, see "
                        + instance.log());
            }
            if (inputLag(instance.applicationId()) == 0) {
                final PipelineSnapshot snapshot = PipelineSnapshot.read(bootstrapServers(),
                        instance.applicationId(), instance.chainsTopic());
                if (snapshot.summaries().size() >= sessions
                        && snapshot.idleClosed().size() == snapshot.summaries().size()) {
                    return snapshot;
                }
                final List<String> open = new ArrayList<>(snapshot.summaries().keySet());
                open.removeAll(snapshot.idleClosed());
                last = snapshot.summaries().size() + " of " + sessions + " sessions stored, not idle-closed: "
                        + open.subList(0, Math.min(5, open.size()));
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(instance.applicationId() + " did not drain within " + timeout
                + " (lag " + inputLag(instance.applicationId()) + "; " + last + "), see " + instance.log());
    }

    /** A snapshot and how long the run took from the app's start until it was drained. */
    public record DrainedRun(PipelineSnapshot snapshot, Duration drainTime) {
    }

    /** Runs {@code instance} undisturbed until it has drained the input, stops it and returns what it left. */
    public DrainedRun runUndisturbed(final AppInstance instance, final Duration timeout) throws IOException,
            InterruptedException {
        final long t0 = System.nanoTime();
        try (AppProcess app = instance.launch()) {
            final PipelineSnapshot snapshot = awaitDrained(instance, () -> app, timeout);
            final Duration took = Duration.ofNanos(System.nanoTime() - t0);
            log.step("%s: drained in %.1f s: %,d sessions, %,d chain records", instance.applicationId(),
                    took.toMillis() / 1000.0, snapshot.summaries().size(), snapshot.chainRecords());
            return new DrainedRun(snapshot, took);
        }
    }

    /**
     * The undisturbed result a disturbed run must equal, and what checking it found.
     *
     * @param snapshot   the reference's sessions, latencies and chains
     * @param drainTime  how long the reference app took, or null when it was computed in memory only
     * @param mismatches the reference's own differences from the ground truth and (for an app reference) from
     *                   the in-memory computation
     * @param examples   the first of those differences
     */
    public record Reference(PipelineSnapshot snapshot, Duration drainTime, long mismatches, List<String> examples) {
    }

    /**
     * The reference for a scenario: {@code reference=app} (the default) runs the app undisturbed as its own
     * consumer group and also checks it against the in-memory computation; {@code reference=memory} computes it
     * in memory only (the same correlation code over the same input, without Kafka; what the quick tests use).
     */
    public Reference reference(final ChaosOptions options, final Map<String, String> settings,
                               final Duration timeout) throws IOException, InterruptedException {
        final String kind = options.params().getOrDefault("reference", "app");
        final long t0 = System.nanoTime();
        final PipelineSnapshot memory = InMemoryReference.of(input, inputKeying);
        log.step("in-memory reference: %,d sessions, %,d chains in %.1f s", memory.summaries().size(),
                memory.chainRecords(), (System.nanoTime() - t0) / 1e9);
        final List<String> examples = new ArrayList<>();
        groundTruthDifferences(memory).forEach(d -> examples.add("in-memory reference vs ground truth: " + d));
        final long truthMismatches = examples.size();
        switch (kind) {
            case "memory" -> {
                return new Reference(memory, null, truthMismatches, examples);
            }
            case "app" -> {
                final DrainedRun run = runUndisturbed(instance("reference", settings), timeout);
                final SnapshotComparison appVsMemory = SnapshotComparison.of(memory, run.snapshot());
                appVsMemory.examples().forEach(d -> examples.add("reference app vs in-memory: " + d));
                log.step("reference app vs in-memory reference: %d mismatches", appVsMemory.mismatches());
                return new Reference(run.snapshot(), run.drainTime(), truthMismatches + appVsMemory.mismatches(),
                        examples);
            }
            default -> throw new IllegalArgumentException("--set reference must be app or memory, got " + kind);
        }
    }

    /**
     * Differences between a snapshot and the generator's ground truth: per session, the events, duplicates,
     * parse errors and chains by outcome. Returns one line per difference. Parse errors only when the input is keyed
     * by session: otherwise an invalid record counts for the session its key names, else the one read from it, else
     * none (the contract's rule, which the in-memory reference follows too), not for the session it was made for.
     */
    public List<String> groundTruthDifferences(final PipelineSnapshot snapshot) {
        final List<String> differences = new ArrayList<>();
        for (final ExpectedTotals.Session s : expected.sessions()) {
            final String json = snapshot.summaries().get(s.sessionId());
            if (json == null) {
                differences.add("session " + s.sessionId() + " missing");
                continue;
            }
            final JsonNode n;
            try {
                n = JSON.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            check(differences, s.sessionId(), "events", s.events(), n.path("events").asLong());
            check(differences, s.sessionId(), "duplicates", s.duplicates(), n.path("duplicates").asLong());
            if (inputKeying == InputKeying.SESSION) {
                check(differences, s.sessionId(), "parse_errors", s.invalid(), n.path("parse_errors").asLong());
            }
            for (final ChainOutcome o : ChainOutcome.values()) {
                check(differences, s.sessionId(), o.label(), s.chains(o),
                        n.path("chains_by_outcome").path(o.label()).asLong());
            }
        }
        return differences;
    }

    private static void check(final List<String> out, final String session, final String what, final long expected,
                              final long actual) {
        if (expected != actual) {
            out.add(session + " " + what + ": expected " + expected + ", got " + actual);
        }
    }

    private Admin admin() {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(props);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void requireOwnBroker() {
        if (broker == null && brokerDir == null) {
            throw new IllegalStateException("this rig runs on a cluster it does not own");
        }
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
