package io.exectrace.streams.correlation;

import io.exectrace.events.ChainOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.IsoTimestamp;
import io.exectrace.events.ParseResult;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.ingest.SessionInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SessionProcessor} in a minimal topology: raw JSON lines (parsed by the real parser in the source's
 * deserializer) → processor → {@code execution-chains} as JSON.
 */
class SessionProcessorTest {
    private static final String INPUT = "session-input";
    private static final String CHAINS = "execution-chains";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(5);

    @TempDir
    Path stateDir;

    private final List<TopologyTestDriver> drivers = new ArrayList<>();

    /** Source deserializer: the real parser, so the test feeds the same bytes producers write. */
    static final class ParsingSessionInputDeserializer implements Deserializer<SessionInput> {
        private final ExecutionEventParser parser = new ExecutionEventParser();

        @Override
        public SessionInput deserialize(final String topic, final byte[] data) {
            final ParseResult result = parser.parse(data);
            if (result instanceof ParseResult.Valid v) {
                return SessionInput.valid(v.event());
            }
            return SessionInput.invalid(((ParseResult.Invalid) result).reason());
        }
    }

    /** Forwards only the outputs of one type (the chains sink takes closed chains, not stuck orders). */
    static final class OnlyOf<T extends CorrelationOutput>
            implements org.apache.kafka.streams.processor.api.Processor<String, CorrelationOutput, String, T> {
        private final Class<T> type;
        private org.apache.kafka.streams.processor.api.ProcessorContext<String, T> context;

        OnlyOf(final Class<T> type) {
            this.type = type;
        }

        @Override
        public void init(final org.apache.kafka.streams.processor.api.ProcessorContext<String, T> context) {
            this.context = context;
        }

        @Override
        public void process(final org.apache.kafka.streams.processor.api.Record<String, CorrelationOutput> record) {
            if (type.isInstance(record.value())) {
                context.forward(record.withValue(type.cast(record.value())));
            }
        }
    }

    private final class Harness {
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> input;
        final TestOutputTopic<String, ClosedChain> output;

        Harness(final CorrelationSettings settings, final String name) {
            final Topology topology = new Topology();
            topology.addSource("source", Serdes.String().deserializer(), new ParsingSessionInputDeserializer(),
                    INPUT);
            topology.addProcessor("sessions", SessionProcessor.supplier(settings, Registry.CORRELATION), "source");
            topology.addProcessor("closed-only", () -> new OnlyOf<>(ClosedChain.class), "sessions");
            topology.addSink("chains", CHAINS, new StringSerializer(), new ClosedChainSerde().serializer(),
                    "closed-only");
            final Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "session-processor-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
            driver = new TopologyTestDriver(topology, props, START);
            drivers.add(driver);
            input = driver.createInputTopic(INPUT, new StringSerializer(), new ByteArraySerializer());
            output = driver.createOutputTopic(CHAINS, new StringDeserializer(), new ClosedChainSerde().deserializer());
        }

        void pipe(final String session, final String line) {
            input.pipeInput(session, line.getBytes(StandardCharsets.UTF_8));
        }

        KeyValueStore<String, SessionSummary> summaries() {
            return driver.getKeyValueStore(Registry.SESSION_SUMMARY.name());
        }

        KeyValueStore<Bytes, LatencySketches> latencies() {
            return driver.getKeyValueStore(Registry.SESSION_LATENCY.name());
        }

        KeyValueStore<Bytes, byte[]> correlationState() {
            return driver.getKeyValueStore(Registry.CORRELATION_STATE.name());
        }

        long correlationEntries() {
            long n = 0;
            try (KeyValueIterator<Bytes, byte[]> it = correlationState().all()) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            return n;
        }
    }

    @AfterEach
    void closeDrivers() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private static String line(final String ts, final String stage, final String extra) {
        return "{\"ts\":\"" + ts + "\",\"run_id\":\"run-1\",\"mode\":\"shadow\",\"symbol\":\"BTC-EUR\","
                + "\"exchange\":\"kraken\",\"stage\":\"" + stage + "\"" + extra + "}";
    }

    @Test
    void closedChainsGoToTheChainsTopicKeyedBySessionWithTheCloseTimeAsTimestamp() {
        final Harness h = new Harness(CorrelationSettings.defaults(), "out");
        h.pipe("run-1", line("2025-12-20T14:00:00.000Z", "intent", ",\"intent_id\":\"i-1\",\"qty\":1"));
        h.pipe("run-1", line("2025-12-20T14:00:00.050Z", "submit",
                ",\"intent_id\":\"i-1\",\"client_order_id\":\"c-1\",\"qty\":1"));
        h.pipe("run-1", line("2025-12-20T14:00:00.080Z", "ack",
                ",\"client_order_id\":\"c-1\",\"broker_order_id\":\"K-1\""));
        h.pipe("run-1", line("2025-12-20T14:00:00.200Z", "fill",
                ",\"broker_order_id\":\"K-1\",\"qty\":1,\"price\":100.0,\"fee\":0.1"));
        assertThat(h.output.isEmpty()).isTrue();                       // settling for 1 s of event time
        h.pipe("run-1", line("2025-12-20T14:00:01.201Z", "signal", ""));

        final TestRecord<String, ClosedChain> record = h.output.readRecord();
        assertThat(record.key()).isEqualTo("run-1");
        final ClosedChain c = record.value();
        assertThat(c.outcome()).isEqualTo(ChainOutcome.FILLED);
        assertThat(c.intentId()).isEqualTo("i-1");
        assertThat(c.orderId()).isEqualTo("c-1");
        assertThat(c.brokerOrderId()).isEqualTo("K-1");
        assertThat(c.exchange()).isEqualTo("kraken");
        assertThat(c.latencyMs()).containsEntry(LatencyEdge.INTENT_TO_ORDER, 50.0)
                .containsEntry(LatencyEdge.ORDER_TO_ACK, 30.0).containsEntry(LatencyEdge.ORDER_TO_FILL, 150.0)
                .containsEntry(LatencyEdge.INTENT_TO_FILL, 200.0).containsEntry(LatencyEdge.FILL_COMPLETION, 0.0);
        assertThat(record.timestamp()).isEqualTo(Instant.parse("2025-12-20T14:00:00.200Z").toEpochMilli());
        assertThat(h.output.isEmpty()).isTrue();

        final SessionSummary summary = h.summaries().get("run-1");
        assertThat(summary.events()).isEqualTo(5);
        assertThat(summary.chains(ChainOutcome.FILLED)).isEqualTo(1);
        assertThat(summary.openChains()).isZero();
        assertThat(summary.exchanges()).containsExactly("kraken");
        assertThat(summary.lastSeenWallMillis()).isEqualTo(START.toEpochMilli());
        final SessionLatencies latencies = CorrelationStores.readLatencies(h.latencies(), "run-1");
        assertThat(latencies.all().sketch(LatencyEdge.ORDER_TO_FILL).count()).isEqualTo(1);
        assertThat(latencies.all().quantile(LatencyEdge.ORDER_TO_FILL, 0.99)).isEqualTo(150.0);
        assertThat(latencies.bySymbol()).containsOnlyKeys("BTC-EUR");
        assertThat(latencies.bySymbol().get("BTC-EUR").quantile(LatencyEdge.INTENT_TO_FILL, 0.5)).isEqualTo(200.0);
    }

    @Test
    void idlePunctuationClosesOpenChainsOnceAndEmptiesTheCorrelationState() {
        final Harness h = new Harness(CorrelationSettings.defaults(), "idle");
        h.pipe("run-1", line("2025-12-20T14:00:00.000Z", "intent", ",\"intent_id\":\"i-1\",\"qty\":1"));
        h.pipe("run-1", line("2025-12-20T14:00:00.050Z", "submit",
                ",\"intent_id\":\"i-1\",\"client_order_id\":\"c-1\",\"qty\":1"));
        h.pipe("run-1", line("2025-12-20T14:00:00.060Z", "intent", ",\"intent_id\":\"i-2\",\"qty\":1"));
        assertThat(h.correlationEntries()).isEqualTo(2);   // two open chains; fingerprints wait in the summary

        h.driver.advanceWallClockTime(IDLE.minusSeconds(11));
        assertThat(h.output.isEmpty()).isTrue();
        h.driver.advanceWallClockTime(Duration.ofSeconds(11));
        final List<ClosedChain> closed = h.output.readValuesToList();
        assertThat(closed).extracting(ClosedChain::outcome)
                .containsExactlyInAnyOrder(ChainOutcome.MISSING_FILL, ChainOutcome.MISSING_ORDER);
        assertThat(closed).extracting(ClosedChain::closeReason).containsOnly("idle");
        assertThat(h.summaries().get("run-1").idleClosed()).isTrue();
        assertThat(h.correlationEntries()).isZero();

        h.driver.advanceWallClockTime(IDLE.multipliedBy(3));
        assertThat(h.output.isEmpty()).isTrue();
    }

    @Test
    void aMissingFillTimesOutExactlyOnce() {
        final Harness h = new Harness(CorrelationSettings.defaults(), "missing-fill");
        h.pipe("run-1", line("2025-12-20T14:00:00.000Z", "intent", ",\"intent_id\":\"i-1\",\"qty\":1"));
        h.pipe("run-1", line("2025-12-20T14:00:00.100Z", "submit",
                ",\"intent_id\":\"i-1\",\"client_order_id\":\"c-1\",\"qty\":1"));
        h.pipe("run-1", line("2025-12-20T14:01:00.100Z", "signal", ""));
        assertThat(h.output.isEmpty()).isTrue();
        h.pipe("run-1", line("2025-12-20T14:01:00.101Z", "signal", ""));
        h.pipe("run-1", line("2025-12-20T14:05:00.000Z", "signal", ""));
        final List<KeyValue<String, ClosedChain>> out = h.output.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value.outcome()).isEqualTo(ChainOutcome.MISSING_FILL);
        assertThat(out.get(0).value.closeReason()).isEqualTo("order_timeout");
        assertThat(out.get(0).value.closeTsMicros())
                .isEqualTo(IsoTimestamp.parseInstant("2025-12-20T14:01:00.100Z"));
        h.driver.advanceWallClockTime(IDLE.plusMinutes(1));
        assertThat(h.output.isEmpty()).isTrue();
        assertThat(h.summaries().get("run-1").chains(ChainOutcome.MISSING_FILL)).isEqualTo(1);
    }

    @Test
    void invalidRecordsAreCountedForTheirKeysSession() {
        final Harness h = new Harness(CorrelationSettings.defaults(), "invalid");
        h.pipe("run-1", "not json at all");
        h.pipe("run-1", line("2025-12-20T14:00:00.000Z", "signal", ""));
        final SessionSummary s = h.summaries().get("run-1");
        assertThat(s.parseErrors()).isEqualTo(1);
        assertThat(s.events()).isEqualTo(1);
    }

    static List<Path> fixtures() throws IOException {
        return FixtureExpectationsTest.fixtures().toList();
    }

    /**
     * The store-backed processor gives the same chains and summaries as the in-memory analyzer, also when its
     * decoded-session cache holds a single session, so every record of an interleaved stream reloads state.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void storeBackedProcessorEqualsTheInMemoryAnalyzer(final Path fixture) throws IOException {
        final List<String> lines = Files.readAllLines(fixture, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        final String stem = fixture.getFileName().toString().replace(".jsonl", "");
        final ExecutionEventParser parser = new ExecutionEventParser();

        final List<ClosedChain> expected = new ArrayList<>();
        final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), expected::add);
        final Harness h = new Harness(CorrelationSettings.defaults().withMaxCachedSessions(1), stem);
        int i = 0;
        for (final String line : lines) {
            final ParseResult r = parser.parse(line.getBytes(StandardCharsets.UTF_8));
            final String session = r instanceof ParseResult.Valid v ? v.event().sessionId()
                    : ((ParseResult.Invalid) r).sessionHint() != null ? ((ParseResult.Invalid) r).sessionHint() : stem;
            final SessionInput in = r instanceof ParseResult.Valid v ? SessionInput.valid(v.event())
                    : SessionInput.invalid(((ParseResult.Invalid) r).reason());
            analyzer.accept(session, in, START.toEpochMilli());
            h.pipe(session, line);
            // a second session interleaved, so the single-entry cache evicts on every record
            final String other = line("2025-12-20T14:00:00." + String.format("%03d", i++) + "Z", "intent",
                    ",\"intent_id\":\"x-" + i + "\",\"qty\":1");
            h.pipe("run-1", other);
            analyzer.accept("run-1", SessionInput.valid(((ParseResult.Valid) parser.parse(
                    other.getBytes(StandardCharsets.UTF_8))).event()), START.toEpochMilli());
        }
        analyzer.closeAll();
        h.driver.advanceWallClockTime(IDLE.plusSeconds(10));
        final List<ClosedChain> actual = h.output.readValuesToList();

        final Comparator<ClosedChain> order = Comparator.comparing(ClosedChain::sessionId)
                .thenComparing(ClosedChain::chainId);
        assertThat(actual.stream().sorted(order).toList()).isEqualTo(expected.stream().sorted(order).toList());
        for (final String session : analyzer.sessionIds()) {
            final SessionSummary stored = h.summaries().get(session);
            final SessionSummary inMemory = analyzer.summary(session);
            stored.lastSeenWallMillis = 0;
            inMemory.lastSeenWallMillis = 0;
            assertThat(stored.encode()).as("summary of %s", session).isEqualTo(inMemory.encode());
            final SessionLatencies storedLatency = CorrelationStores.readLatencies(h.latencies(), session);
            assertThat(storedLatency.all().encode()).isEqualTo(analyzer.latencies(session).all().encode());
            assertThat(storedLatency.bySymbol().keySet())
                    .isEqualTo(analyzer.latencies(session).bySymbol().keySet());
        }
        assertThat(h.correlationEntries()).isZero();
    }

    /**
     * Duplicate and closed-id memories persisted in chunks (plus the tail in the summary) behave exactly like the
     * in-memory ones, while a single-session cache reloads them from the stores on every record.
     */
    @Test
    void memoriesSurviveReloadsThroughTheirChunks() {
        final CorrelationSettings settings = CorrelationSettings.defaults().withMemory(Duration.ofMinutes(10), 40)
                .withMaxCachedSessions(1);
        final List<ClosedChain> expected = new ArrayList<>();
        final SessionAnalyzer analyzer = new SessionAnalyzer(settings, expected::add);
        final Harness h = new Harness(settings, "chunks");
        final List<String> sent = new ArrayList<>();
        final java.util.function.BiConsumer<String, String> send = (session, json) -> {
            h.pipe(session, json);
            final ParseResult r = new ExecutionEventParser().parse(json.getBytes(StandardCharsets.UTF_8));
            analyzer.accept(session, SessionInput.valid(((ParseResult.Valid) r).event()), START.toEpochMilli());
        };
        for (int i = 0; i < 300; i++) {
            final String ts = Instant.parse("2025-12-20T14:00:00Z").plusMillis(i * 100L).toString();
            final String json;
            if (i % 3 == 0) {
                json = ledger(ts, "run-a", "intent", ",\"intent_id\":\"i-" + i + "\",\"qty\":1");
            } else if (i % 3 == 1) {
                json = ledger(ts, "run-a", "submit", ",\"intent_id\":\"i-" + (i - 1) + "\",\"client_order_id\":\"c-"
                        + (i - 1) + "\",\"qty\":1");
            } else {
                json = ledger(ts, "run-a", "fill", ",\"client_order_id\":\"c-" + (i - 2) + "\",\"qty\":1");
            }
            send.accept("run-a", json);
            sent.add(json);
            for (final int back : new int[] {7, 39, 41, 90}) {
                if (i % 25 == 0 && i >= back) {
                    send.accept("run-a", sent.get(i - back));       // redelivery: within the 40 entries or not
                }
            }
            send.accept("run-b", ledger(ts, "run-b", "signal", ",\"correlation_id\":\"t-" + i + "\""));
        }
        final SessionSummary mid = h.summaries().get("run-a");
        assertThat(mid.duplicates()).isEqualTo(analyzer.summary("run-a").duplicates()).isPositive();
        assertThat(mid.lateEvents()).isEqualTo(analyzer.summary("run-a").lateEvents()).isPositive();
        assertThat(h.correlationEntries()).isPositive();

        analyzer.closeAll();
        h.driver.advanceWallClockTime(IDLE.plusSeconds(10));
        final Comparator<ClosedChain> order = Comparator.comparing(ClosedChain::sessionId)
                .thenComparing(ClosedChain::chainId);
        assertThat(h.output.readValuesToList().stream().sorted(order).toList())
                .isEqualTo(expected.stream().sorted(order).toList());
        for (final String session : List.of("run-a", "run-b")) {
            final SessionSummary stored = h.summaries().get(session);
            final SessionSummary inMemory = analyzer.summary(session);
            stored.lastSeenWallMillis = 0;
            inMemory.lastSeenWallMillis = 0;
            assertThat(stored.encode()).as(session).isEqualTo(inMemory.encode());
        }
        assertThat(h.correlationEntries()).isZero();
    }

    private static String ledger(final String ts, final String run, final String stage, final String extra) {
        return "{\"ts\":\"" + ts + "\",\"run_id\":\"" + run + "\",\"mode\":\"shadow\",\"symbol\":\"BTC-EUR\","
                + "\"stage\":\"" + stage + "\"" + extra + "}";
    }

    @Test
    void sameInputGivesTheSameOutputAndStores() throws IOException {
        final Path fixture = fixtures().stream().filter(p -> p.toString().endsWith("ledger_v1.jsonl")).findFirst()
                .orElseThrow();
        final List<String> lines = Files.readAllLines(fixture, StandardCharsets.UTF_8);
        final List<List<byte[]>> outputs = new ArrayList<>();
        final List<List<byte[]>> summaries = new ArrayList<>();
        for (final String name : List.of("first", "second")) {
            final Harness h = new Harness(CorrelationSettings.defaults(), name);
            for (final String l : lines) {
                if (!l.isBlank()) {
                    h.pipe("ledger_v1", l);
                }
            }
            h.driver.advanceWallClockTime(IDLE.plusSeconds(10));
            outputs.add(h.output.readValuesToList().stream().map(ClosedChainSerde::toJson).toList());
            summaries.add(List.of(h.summaries().get("ledger_v1").encode()));
        }
        assertThat(outputs.get(0)).hasSize(6);
        assertThat(outputs.get(0)).containsExactlyElementsOf(outputs.get(1));
        assertThat(summaries.get(0).get(0)).isEqualTo(summaries.get(1).get(0));
    }
}
