package io.exectrace.streams.app;

import static io.exectrace.streams.testing.EmbeddedPipeline.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.ChainOutcome;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.ClosedChainSerde;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.deadletter.ParseErrorTotals;
import io.exectrace.streams.testing.EmbeddedPipeline;
import io.exectrace.streams.testing.FixtureView;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded synthetic run (20 sessions, 20,000 lines, both dialects, late, duplicated and invalid lines) sent by
 * our synthetic producer to the embedded broker and consumed by the real application (exactly_once_v2, state in
 * RocksDB stores). Once every record is consumed and, after a restart with a short idle timeout, every session is
 * idle-closed, each session's summary and the totals over all sessions equal the generator's own expected totals.
 * {@link SyntheticTotalsInMemoryTest} checks the rules alone, faster; this test adds the store-backed state, its
 * restore after a restart, the routing and Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheticTotalsEndToEndTest {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticTotalsEndToEndTest.class);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path stateDir;

    private static final String APPLICATION_ID = "exectrace-synth-e2e";
    /**
     * Kafka Streams does not leave its group on close, so the restarted instance waits for the old member's
     * session to expire: the broker's minimum (6 s) instead of 45 s.
     */
    private static final String SESSION_TIMEOUT = "EXECTRACE_STREAMS_SESSION_TIMEOUT_MS";
    private static final String SESSION_TIMEOUT_MS = "6000";

    private EmbeddedPipeline pipeline;
    private SyntheticExpectations expected;

    @BeforeAll
    void feedThenCloseIdleSessions() throws Exception {
        // Phase 1: consume everything with the default idle timeout, so no session can be closed while its records
        // still wait in the topic (idleness is wall-clock time since the last PROCESSED record of the session).
        final EmbeddedPipeline consuming = EmbeddedPipeline.start(KAFKA, APPLICATION_ID, stateDir,
                Map.of("EXECTRACE_IDLE_TIMEOUT", "5m", SESSION_TIMEOUT, SESSION_TIMEOUT_MS));
        final SyntheticSessions generator = new SyntheticSessions(SyntheticExpectations.SETTINGS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            final SyntheticFeeder.Summary sent = new SyntheticFeeder(producer, consuming.config().inputTopic())
                    .feed(generator, SyntheticExpectations.SETTINGS.startMicros(), false, ReplayProgress.NONE);
            assertThat(sent.failed()).isZero();
            LOG.info("{}", sent.describe(consuming.config().inputTopic(), generator.expectedTotals()));
        }
        expected = SyntheticExpectations.of(generator.expectedTotals());
        awaitEverySession(consuming, "consumed", s -> true);
        consuming.close();

        // Phase 2: the same application and state, restarted with a short idle timeout: it restores the sessions
        // from its stores and the idle timeout closes every chain still open, as after a producer stopped.
        pipeline = EmbeddedPipeline.start(KAFKA, APPLICATION_ID, stateDir,
                Map.of("EXECTRACE_IDLE_TIMEOUT", "2s", SESSION_TIMEOUT, SESSION_TIMEOUT_MS));
        awaitEverySession(pipeline, "idle-closed", s -> s.idleClosed() && s.openChains() == 0);
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** Every line of every session counted (as an event, a duplicate or a parse error), and the condition. */
    private void awaitEverySession(final EmbeddedPipeline running, final String what,
                                   final Predicate<SessionSummary> condition) {
        final long started = System.nanoTime();
        final ReadOnlyKeyValueStore<String, SessionSummary> summaries = running.summaries();
        for (final ExpectedTotals.Session session : expected.totals().sessions()) {
            eventually(() -> {
                final SessionSummary s = summaries.get(session.sessionId());
                return s != null && s.events() + s.duplicates() + s.parseErrors() == session.lines()
                        && condition.test(s);
            }, session.sessionId() + ": " + session.lines() + " lines " + what);
        }
        LOG.info("all {} sessions {} after {} ms", expected.totals().sessions().size(), what,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void everySessionsSummaryEqualsTheGeneratorsExpectedTotals() {
        final Map<String, SessionSummary> summaries = pipeline.allSummaries();
        final Map<String, FixtureView> sessions = expected.sessions();
        assertThat(summaries.keySet()).containsExactlyInAnyOrderElementsOf(sessions.keySet());
        for (final FixtureView session : sessions.values()) {
            assertThat(FixtureView.of(summaries.get(session.sessionId()), true))
                    .as("summary of " + session.sessionId())
                    .usingRecursiveComparison()
                    .isEqualTo(session);
        }
    }

    @Test
    void theTotalsOverAllSessionsEqualTheGeneratorsTotals() {
        final SyntheticExpectations.Totals overall = expected.overall();
        assertThat(SyntheticExpectations.Totals.of(pipeline.allSummaries().values()))
                .usingRecursiveComparison().isEqualTo(overall);
        // The run is only a test of every rule if it contains every kind of line and outcome.
        assertThat(overall.duplicates()).isPositive();
        assertThat(overall.parseErrors()).isPositive();
        assertThat(overall.chainsByOutcome().keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ChainOutcome.values())
                        .map(ChainOutcome::label).toList());

        final ReadOnlyKeyValueStore<String, Long> parseErrors = pipeline.app()
                .store(Registry.PARSE_ERRORS);
        assertThat(ParseErrorTotals.read(parseErrors)).containsEntry(ParseErrorTotals.TOTAL, overall.parseErrors());
    }

    @Test
    void theChainsTopicHoldsEveryChainOnceWithTheGeneratorsOutcomes() {
        final ClosedChainSerde serde = new ClosedChainSerde();
        final Map<String, Map<String, Long>> outcomes = pipeline
                .consumeAll(pipeline.config().chainsTopic(), (int) expected.overall().chains()).stream()
                .map(r -> serde.deserializer().deserialize(r.topic(), r.value()))
                .collect(Collectors.groupingBy(ClosedChain::sessionId, TreeMap::new,
                        Collectors.groupingBy(c -> c.outcome().label(), TreeMap::new, Collectors.counting())));
        final Map<String, Map<String, Long>> expectedOutcomes = new TreeMap<>();
        expected.sessions().forEach((id, view) -> expectedOutcomes.put(id, view.chainsByOutcome()));
        assertThat(outcomes).isEqualTo(expectedOutcomes);
    }
}
