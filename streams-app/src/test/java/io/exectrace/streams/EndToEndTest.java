package io.exectrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.ClosedChainSerde;
import io.exectrace.streams.correlation.SessionSummary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real application on a real broker: topics provisioned by the app, the golden fixtures replayed as the replay
 * producer sends them, Kafka Streams with exactly_once_v2 and 3 partitions, results read back through interactive
 * queries and the output topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path stateDir;

    private ExectraceStreamsApp app;
    private final List<GoldenFixture> fixtures = GoldenFixtures.all();

    @BeforeAll
    void startAndReplay() throws Exception {
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of(
                "EXECTRACE_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "EXECTRACE_APPLICATION_ID", "exectrace-e2e",
                "EXECTRACE_STATE_DIR", stateDir.toString(),
                "EXECTRACE_TOPIC_PARTITIONS", "3",
                "EXECTRACE_API_PORT", "0",
                "EXECTRACE_PROVISION_TIMEOUT", "20s",
                // Wall-clock idle timeout, after which every open chain closes (the fixtures' expectation).
                "EXECTRACE_IDLE_TIMEOUT", "3s"));
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        app = new ExectraceStreamsApp(config);
        app.start();
        assertThat(app.awaitRunning(PATIENCE)).as("Kafka Streams reached RUNNING").isTrue();

        final List<Path> files = fixtures.stream().map(GoldenFixture::file).toList();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            new JsonlReplayer(producer, config.inputTopic(), 0).replay(files, ReplayProgress.NONE);
            // The clean session once more, without keys (as kcat sends): every line is a redelivery that must be
            // routed to the session's partition and recognised there.
            final GoldenFixture ok = GoldenFixtures.named("golden_session_ok.jsonl");
            for (final byte[] line : ok.lines()) {
                producer.send(new ProducerRecord<>(config.inputTopic(), null, line));
            }
            producer.flush();
        }
    }

    @AfterAll
    void stop() {
        if (app != null) {
            assertThat(app.close(Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void everySessionsTimelineHoldsItsDistinctValidEventsOnce() {
        final ReadOnlyKeyValueStore<Bytes, ExecutionEvent> timeline =
                app.store(ExectraceTopology.TIMELINE_STORE, QueryableStoreTypes.keyValueStore());
        final TimelineReader reader = new TimelineReader(timeline);
        for (final GoldenFixture fixture : fixtures) {
            for (final Expected.Session session : fixture.expected().sessions()) {
                eventually(() -> reader.read(session.sessionId(), Long.MIN_VALUE, Long.MAX_VALUE, 1_000, null)
                        .events().size() == session.events(), fixture + " timeline of " + session.sessionId());
                final List<ExecutionEvent> events = reader.read(session.sessionId(), Long.MIN_VALUE, Long.MAX_VALUE,
                        1_000, null).events();
                assertThat(events).hasSize((int) session.events());
                assertThat(events).isSortedAccordingTo(java.util.Comparator.comparingLong(ExecutionEvent::tsMicros));
                assertThat(events.get(0).tsMicros()).isEqualTo(micros(session.firstTs()));
                assertThat(events.get(events.size() - 1).tsMicros()).isEqualTo(micros(session.lastTs()));
            }
        }
    }

    @Test
    void invalidLinesReachTheDlqByteForByteAndAreCounted() throws Exception {
        final long invalid = fixtures.stream().mapToLong(f -> f.expected().invalid()).sum();
        final ReadOnlyKeyValueStore<String, Long> totals =
                app.store(ExectraceTopology.PARSE_ERRORS_STORE, QueryableStoreTypes.keyValueStore());
        eventually(() -> ParseErrorTotals.read(totals).getOrDefault(ParseErrorTotals.TOTAL, 0L) == invalid,
                "parse-error total " + invalid);

        final Map<String, byte[]> expectedDead = new HashMap<>();
        for (final GoldenFixture fixture : fixtures) {
            for (final Expected.InvalidLine line : fixture.expected().invalidLines()) {
                expectedDead.put(fixture.stem() + ":" + line.line(), fixture.lines().get(line.line() - 1));
            }
        }
        final List<ConsumerRecord<byte[], byte[]>> dead = consumeAll(app.config().dlqTopic(), (int) invalid);
        assertThat(dead).hasSize((int) invalid);
        assertThat(dead).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(expectedDead.values());
        assertThat(dead).allSatisfy(r -> {
            assertThat(DlqHeaders.text(r.headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("execution-events");
            assertThat(DlqHeaders.text(r.headers(), DlqHeaders.REASON)).isNotBlank();
        });
    }

    @Test
    void sessionSummariesAndTheChainsTopicMatchTheExpectedFiles() {
        final ReadOnlyKeyValueStore<String, SessionSummary> summaries =
                app.store(ExectraceTopology.SESSION_SUMMARY_STORE, QueryableStoreTypes.keyValueStore());
        final int expectedChains = fixtures.stream()
                .flatMap(f -> f.expected().sessions().stream()).mapToInt(s -> s.chains().size()).sum();
        for (final GoldenFixture fixture : fixtures) {
            for (final Expected.Session session : fixture.expected().sessions()) {
                eventually(() -> {
                    final SessionSummary summary = summaries.get(session.sessionId());
                    return summary != null && summary.openChains() == 0
                            && summary.closedChains() == session.chains().size();
                }, "all chains of " + session.sessionId() + " closed");
                final FixtureView expected = FixtureView.of(session, true);
                final FixtureView actual = FixtureView.of(summaries.get(session.sessionId()), true);
                if (session.sessionId().equals("golden_session_ok")) {
                    // Its lines were sent a second time without keys: each one a recognised redelivery.
                    assertThat(actual.duplicates()).isEqualTo(expected.duplicates() + fixture.lines().size());
                    assertThat(actual).usingRecursiveComparison().ignoringFields("duplicates").isEqualTo(expected);
                } else {
                    assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
                }
            }
        }

        final ClosedChainSerde serde = new ClosedChainSerde();
        final List<ClosedChain> chains = consumeAll(app.config().chainsTopic(), expectedChains).stream()
                .map(r -> serde.deserializer().deserialize(r.topic(), r.value())).toList();
        assertThat(chains).hasSize(expectedChains);
        for (final GoldenFixture fixture : fixtures) {
            for (final Expected.Session session : fixture.expected().sessions()) {
                assertThat(chains.stream().filter(c -> c.sessionId().equals(session.sessionId()))
                        .sorted(java.util.Comparator.comparingLong(ClosedChain::firstEventTsMicros))
                        .map(FixtureView.ChainView::of).toList())
                        .as("chains of " + session.sessionId())
                        .usingRecursiveComparison()
                        .withComparatorForType(FixtureView.MILLISECOND_TOLERANCE, Double.class)
                        .isEqualTo(session.chains().stream().map(FixtureView.ChainView::of).toList());
            }
        }
    }

    @Test
    void theAppIsRunningWithExactlyOnce() {
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(ExectraceStreamsApp.streamsProperties(app.config()).get("processing.guarantee"))
                .isEqualTo("exactly_once_v2");
    }

    private List<ConsumerRecord<byte[], byte[]>> consumeAll(final String topic, final int atLeast) {
        final Map<String, Object> props = new HashMap<>(KAFKA.consumerConfig("e2e-reader-" + topic));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + PATIENCE.toNanos();
            // Keep polling a little after reaching the count, so a duplicate would show.
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (records.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return records;
    }

    private static long micros(final String iso) {
        final java.time.Instant instant = java.time.Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
    }

    private static void eventually(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (final org.apache.kafka.streams.errors.InvalidStateStoreException rebalancing) {
                // the store is migrating; ask again
            }
            try {
                Thread.sleep(200);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

}
