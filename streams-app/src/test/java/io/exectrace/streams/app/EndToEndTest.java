package io.exectrace.streams.app;

import static io.exectrace.streams.testing.EmbeddedPipeline.eventually;
import static io.exectrace.streams.testing.EmbeddedPipeline.micros;
import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.streams.deadletter.DlqHeaders;
import io.exectrace.streams.deadletter.ParseErrorTotals;
import io.exectrace.streams.testing.EmbeddedPipeline;
import io.exectrace.streams.testing.GoldenFixtureAssertions;
import io.exectrace.streams.testing.TopologyHarness;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
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

    @TempDir
    static Path stateDir;

    private EmbeddedPipeline pipeline;
    private final List<GoldenFixture> fixtures = GoldenFixtures.all();

    @BeforeAll
    void startAndReplay() throws Exception {
        pipeline = EmbeddedPipeline.start(KAFKA, "exectrace-e2e", stateDir, Map.of());
        final String inputTopic = pipeline.config().inputTopic();
        final List<Path> files = fixtures.stream().map(GoldenFixture::file).toList();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            new JsonlReplayer(producer, inputTopic, 0).replay(files, ReplayProgress.NONE);
            // The clean session once more, without keys (as kcat sends): every line is a redelivery that must be
            // routed to the session's partition and recognised there.
            final GoldenFixture ok = GoldenFixtures.named("golden_session_ok.jsonl");
            for (final byte[] line : ok.lines()) {
                producer.send(new ProducerRecord<>(inputTopic, null, line));
            }
            producer.flush();
        }
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everySessionsTimelineHoldsItsDistinctValidEventsOnce() {
        final ReadOnlyKeyValueStore<Bytes, ExecutionEvent> timeline =
                pipeline.app().store(Registry.TIMELINE);
        for (final GoldenFixture fixture : fixtures) {
            for (final Expected.Session session : fixture.expected().sessions()) {
                eventually(() -> TopologyHarness.events(timeline, session.sessionId(), Long.MIN_VALUE,
                        Long.MAX_VALUE).size() == session.events(), fixture + " timeline of " + session.sessionId());
                final List<ExecutionEvent> events = TopologyHarness.events(timeline, session.sessionId(),
                        Long.MIN_VALUE, Long.MAX_VALUE);
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
                pipeline.app().store(Registry.PARSE_ERRORS);
        eventually(() -> ParseErrorTotals.read(totals).getOrDefault(ParseErrorTotals.TOTAL, 0L) == invalid,
                "parse-error total " + invalid);

        final Map<String, byte[]> expectedDead = new HashMap<>();
        for (final GoldenFixture fixture : fixtures) {
            for (final Expected.InvalidLine line : fixture.expected().invalidLines()) {
                expectedDead.put(fixture.stem() + ":" + line.line(), fixture.lines().get(line.line() - 1));
            }
        }
        final List<ConsumerRecord<byte[], byte[]>> dead =
                pipeline.consumeAll(pipeline.config().dlqTopic(), (int) invalid);
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
        // golden_session_ok's lines were sent a second time without keys: each one a recognised redelivery.
        final GoldenFixture ok = GoldenFixtures.named("golden_session_ok.jsonl");
        GoldenFixtureAssertions.assertSessionSummaries(pipeline, fixtures,
                Map.of(ok.stem(), (long) ok.lines().size()));
        GoldenFixtureAssertions.assertChainsTopic(pipeline, fixtures);
    }

    @Test
    void theAppIsRunningWithExactlyOnce() {
        assertThat(pipeline.app().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(ExectraceStreamsApp.streamsProperties(pipeline.config()).get("processing.guarantee"))
                .isEqualTo("exactly_once_v2");
    }
}
