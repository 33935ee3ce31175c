package io.exectrace.streams;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.ClosedChainSerde;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.LatencySketches;
import io.exectrace.streams.correlation.SessionLatencies;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.serde.AlertSerde;
import io.exectrace.streams.serde.SessionInputSerde;

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
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;

/** The real topology in a TopologyTestDriver, with the topics and stores the tests look at. */
final class TopologyHarness implements AutoCloseable {

    static final String APP_ID = "exectrace-test";
    static final String REPARTITION_TOPIC = APP_ID + "-" + ExectraceTopology.SESSION_REKEY + "-repartition";

    final ExectraceConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;
    final TestOutputTopic<byte[], byte[]> dlq;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, SessionInput> repartition;
    final TestOutputTopic<String, ClosedChain> chains;
    private final Path stateDir;

    TopologyHarness() {
        this(Map.of(), 1, Lines.T0);
    }

    TopologyHarness(final Map<String, String> env, final int inputPartitions, final Instant wallClockStart) {
        try {
            stateDir = Files.createTempDirectory("exectrace-ttd");
        } catch (final java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        final Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("EXECTRACE_APPLICATION_ID", APP_ID);
        all.putIfAbsent("EXECTRACE_STATE_DIR", stateDir.toString());
        config = ExectraceConfig.load(null, all);
        final Topology topology = ExectraceTopology.build(config, inputPartitions);
        final Properties props = ExectraceStreamsApp.streamsProperties(config);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "ttd:9092");
        driver = new TopologyTestDriver(topology, props, wallClockStart);
        input = driver.createInputTopic(config.inputTopic(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        alerts = driver.createOutputTopic(config.alertsTopic(), Serdes.String().deserializer(),
                new AlertSerde().deserializer());
        chains = driver.createOutputTopic(config.chainsTopic(), Serdes.String().deserializer(),
                new ClosedChainSerde().deserializer());
        repartition = driver.createOutputTopic(REPARTITION_TOPIC, Serdes.String().deserializer(),
                new SessionInputSerde().deserializer());
    }

    /** Pipes a line with the given key (null for none) at the given record time. */
    void send(final String key, final String line, final Instant recordTime) {
        sendBytes(key, line.getBytes(StandardCharsets.UTF_8), recordTime);
    }

    /** Pipes a correctly keyed line, record time = now of the wall clock. */
    void send(final String key, final String line) {
        send(key, line, Lines.T0);
    }

    void sendBytes(final String key, final byte[] value, final Instant recordTime) {
        input.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                new RecordHeaders(), recordTime));
    }

    KeyValueStore<Bytes, ExecutionEvent> timeline() {
        return driver.getKeyValueStore(ExectraceTopology.TIMELINE_STORE);
    }

    /** A session's events in the timeline store, in (event time, fingerprint) order: one range of its keys. */
    List<ExecutionEvent> timeline(final String session) {
        return events(timeline(), session, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The events of {@code session} with {@code fromMicros <= ts <= toMicros} in a timeline store, in key order. */
    static List<ExecutionEvent> events(final ReadOnlyKeyValueStore<Bytes, ExecutionEvent> timeline,
                                       final String session, final long fromMicros, final long toMicros) {
        final List<ExecutionEvent> events = new ArrayList<>();
        try (KeyValueIterator<Bytes, ExecutionEvent> range = timeline.range(TimelineKey.lowerBound(session, fromMicros),
                TimelineKey.upperBound(session, toMicros))) {
            range.forEachRemaining(entry -> events.add(entry.value));
        }
        return events;
    }

    KeyValueStore<String, TimelineIndexEntry> timelineIndex() {
        return driver.getKeyValueStore(ExectraceTopology.TIMELINE_INDEX_STORE);
    }

    KeyValueStore<String, Long> parseErrors() {
        return driver.getKeyValueStore(ExectraceTopology.PARSE_ERRORS_STORE);
    }

    KeyValueStore<String, SessionSummary> summaries() {
        return driver.getKeyValueStore(ExectraceTopology.SESSION_SUMMARY_STORE);
    }

    /** A session's latency profiles, as the API and the viewer read them. */
    SessionLatencies latencies(final String sessionId) {
        final KeyValueStore<Bytes, LatencySketches> store =
                driver.getKeyValueStore(CorrelationStores.SESSION_LATENCY_STORE);
        return CorrelationStores.readLatencies(store, sessionId);
    }

    /** Lets wall-clock time pass beyond the idle timeout, so the correlation closes every open chain. */
    void closeIdleSessions() {
        driver.advanceWallClockTime(config.idleTimeout().plusMinutes(1));
    }

    KeyValueStore<String, SessionWatch> watches() {
        return driver.getKeyValueStore(ExectraceTopology.SESSION_WATCH_STORE);
    }

    WindowStore<String, HealthCounts> health1m() {
        return driver.getWindowStore(ExectraceTopology.HEALTH_1M_STORE);
    }

    WindowStore<String, HealthCounts> health5m() {
        return driver.getWindowStore(ExectraceTopology.HEALTH_5M_STORE);
    }

    @Override
    public void close() {
        driver.close();
    }
}
