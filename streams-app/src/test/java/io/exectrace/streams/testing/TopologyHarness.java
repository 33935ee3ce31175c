package io.exectrace.streams.testing;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.ExectraceTopology;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.metrics.PipelineMetrics;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.LatencySketches;
import io.exectrace.streams.correlation.SessionLatencies;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.health.Alert;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.timeline.TimelineIndexEntry;
import io.exectrace.streams.timeline.TimelineKey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The real topology in a TopologyTestDriver, with the topics and stores the tests look at. */
public final class TopologyHarness implements AutoCloseable {

    public static final String APP_ID = "exectrace-test";

    public final ExectraceConfig config;
    public final TopologyTestDriver driver;
    public final TestInputTopic<byte[], byte[]> input;
    public final TestOutputTopic<byte[], byte[]> dlq;
    public final TestOutputTopic<String, Alert> alerts;
    public final TestOutputTopic<String, SessionInput> repartition;
    public final TestOutputTopic<String, ClosedChain> chains;
    /** The metrics the topology's processors record into. */
    public final PipelineMetrics metrics;
    private final Path stateDir;

    public TopologyHarness() {
        this(Map.of(), 1, Lines.T0);
    }

    public TopologyHarness(final Map<String, String> env, final int inputPartitions, final Instant wallClockStart) {
        try {
            stateDir = Files.createTempDirectory("exectrace-ttd");
        } catch (final java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        final Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("EXECTRACE_APPLICATION_ID", APP_ID);
        all.putIfAbsent("EXECTRACE_STATE_DIR", stateDir.toString());
        config = ExectraceConfig.load(null, all);
        metrics = PipelineMetrics.standalone(config);
        final Topology topology = ExectraceTopology.build(config, inputPartitions, metrics);
        final Properties props = ExectraceStreamsApp.streamsProperties(config);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "ttd:9092");
        driver = new TopologyTestDriver(topology, props, wallClockStart);
        final Registry.Topics topics = Registry.topics(config);
        input = driver.createInputTopic(topics.input().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        dlq = output(topics.deadLetters());
        alerts = output(topics.alerts());
        chains = output(topics.chains());
        repartition = output(topics.sessionRekey());
    }

    private <K, V> TestOutputTopic<K, V> output(final Registry.Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    /** Pipes a line with the given key (null for none) at the given record time. */
    public void send(final String key, final String line, final Instant recordTime) {
        sendBytes(key, line.getBytes(StandardCharsets.UTF_8), recordTime);
    }

    /** Pipes a correctly keyed line, record time = now of the wall clock. */
    public void send(final String key, final String line) {
        send(key, line, Lines.T0);
    }

    public void sendBytes(final String key, final byte[] value, final Instant recordTime) {
        input.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                new RecordHeaders(), recordTime));
    }

    /**
     * Lets the wall clock run past the reorder window, in progress-mark steps, so records that came through the
     * repartition topic leave the reorder stage (they wait for every input partition's progress).
     */
    public void releaseReordered() {
        final long steps = (config.reorderWindow().toMillis() / PROGRESS_STEP.toMillis()) + 3;
        for (long i = 0; i < steps; i++) {
            driver.advanceWallClockTime(PROGRESS_STEP);
        }
    }

    private static final java.time.Duration PROGRESS_STEP =
            io.exectrace.streams.ingest.SessionAttributionProcessor.PROGRESS_INTERVAL;

    public KeyValueStore<Bytes, ExecutionEvent> timeline() {
        return driver.getKeyValueStore(Registry.TIMELINE.name());
    }

    /** A session's events in the timeline store, in (event time, fingerprint) order: one range of its keys. */
    public List<ExecutionEvent> timeline(final String session) {
        return events(timeline(), session, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The events of {@code session} with {@code fromMicros <= ts <= toMicros} in a timeline store, in key order. */
    public static List<ExecutionEvent> events(final ReadOnlyKeyValueStore<Bytes, ExecutionEvent> timeline,
                                       final String session, final long fromMicros, final long toMicros) {
        final List<ExecutionEvent> events = new ArrayList<>();
        try (KeyValueIterator<Bytes, ExecutionEvent> range = timeline.range(TimelineKey.lowerBound(session, fromMicros),
                TimelineKey.upperBound(session, toMicros))) {
            range.forEachRemaining(entry -> events.add(entry.value));
        }
        return events;
    }

    public KeyValueStore<String, TimelineIndexEntry> timelineIndex() {
        return driver.getKeyValueStore(Registry.TIMELINE_INDEX.name());
    }

    public KeyValueStore<String, Long> parseErrors() {
        return driver.getKeyValueStore(Registry.PARSE_ERRORS.name());
    }

    public KeyValueStore<String, SessionSummary> summaries() {
        return driver.getKeyValueStore(Registry.SESSION_SUMMARY.name());
    }

    /** A session's latency profiles, as the API and the viewer read them. */
    public SessionLatencies latencies(final String sessionId) {
        final KeyValueStore<Bytes, LatencySketches> store =
                driver.getKeyValueStore(Registry.SESSION_LATENCY.name());
        return CorrelationStores.readLatencies(store, sessionId);
    }

    /** Lets wall-clock time pass beyond the idle timeout, so the correlation closes every open chain. */
    public void closeIdleSessions() {
        driver.advanceWallClockTime(config.idleTimeout().plusMinutes(1));
    }

    @Override
    public void close() {
        driver.close();
    }
}
