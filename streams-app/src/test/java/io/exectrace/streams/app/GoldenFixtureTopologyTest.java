package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.ExpectedPercentiles;
import io.exectrace.events.fixtures.ExpectedPnl;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.json.SessionSummaryJson;
import io.exectrace.streams.testing.FixtureView;
import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every golden fixture through the whole topology, keyed as the replay producer keys it (the session id read
 * leniently, else the file stem), then the idle timeout: the session-summary store and the chains topic must equal
 * the fixture's hand-written expected file.
 */
class GoldenFixtureTopologyTest {

    static Stream<GoldenFixture> fixtures() {
        return GoldenFixtures.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void storesAndChainsTopicMatchTheExpectedFile(final GoldenFixture fixture) {
        try (TopologyHarness harness = new TopologyHarness()) {
            replay(harness, fixture, fixture.lines());
            harness.closeIdleSessions();
            assertMatches(harness, fixture.expected(), true);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void anyArrivalOrderOfTheLatencyFixtureGivesTheSameResult(final long seed) {
        final GoldenFixture fixture = GoldenFixtures.named("golden_session_latency.jsonl");
        final List<byte[]> shuffled = new ArrayList<>(fixture.lines());
        Collections.shuffle(shuffled, new Random(seed));
        try (TopologyHarness harness = new TopologyHarness()) {
            replay(harness, fixture, shuffled);
            harness.closeIdleSessions();
            // backward_jumps is defined on arrival order, so a shuffle changes it by definition; all else holds.
            assertMatches(harness, fixture.expected(), false);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"golden_session_ok.jsonl", "golden_session_latency.jsonl", "emitter_style.jsonl"})
    void aRedeliveredFixtureCountsOnce(final String name) {
        final GoldenFixture fixture = GoldenFixtures.named(name);
        try (TopologyHarness harness = new TopologyHarness()) {
            replay(harness, fixture, fixture.lines());
            replay(harness, fixture, fixture.lines());
            harness.closeIdleSessions();
            final Expected.Session expected = fixture.expected().sessions().get(0);
            final SessionSummary summary = harness.summaries().get(expected.sessionId());
            assertThat(summary.events()).isEqualTo(expected.events());
            assertThat(summary.duplicates()).isEqualTo(expected.duplicates() + fixture.lines().size());
            assertThat(harness.chains.readValuesToList()).hasSize(expected.chains().size());
        }
    }

    /** Keys each line as the replay producer does and pipes it; record time = wall clock. */
    static void replay(final TopologyHarness harness, final GoldenFixture fixture, final List<byte[]> lines) {
        for (final byte[] line : lines) {
            final String sniffed = io.exectrace.events.ExecutionEventParser.sniffSession(line);
            harness.sendBytes(sniffed != null ? sniffed : fixture.stem(), line, Lines.T0);
        }
    }

    static void assertMatches(final TopologyHarness harness, final Expected.File expected,
                              final boolean arrivalOrderAsInFile) {
        final KeyValueStore<String, SessionSummary> summaries = harness.summaries();
        final List<ClosedChain> chains = harness.chains.readValuesToList();
        for (final Expected.Session session : expected.sessions()) {
            final SessionSummary summary = summaries.get(session.sessionId());
            assertThat(summary).as("summary of " + session.sessionId()).isNotNull();
            assertThat(FixtureView.of(summary, arrivalOrderAsInFile))
                    .usingRecursiveComparison()
                    .isEqualTo(FixtureView.of(session, arrivalOrderAsInFile));
            // The percentiles as the API and the viewer print them, from the session-latency store.
            ExpectedPercentiles.assertReported(session, SessionSummaryJson.of(summary,
                    harness.latencies(session.sessionId())).path("latency_ms"), session.sessionId());
            ExpectedPnl.assertReported(session, SessionSummaryJson.of(summary, null).path("by_symbol"),
                    session.sessionId());
            final List<ClosedChain> ofSession = chains.stream()
                    .filter(c -> c.sessionId().equals(session.sessionId()))
                    .sorted(java.util.Comparator.comparingLong(ClosedChain::firstEventTsMicros))
                    .toList();
            assertThat(ofSession.stream().map(FixtureView.ChainView::of).toList())
                    .usingRecursiveComparison()
                    .withComparatorForType(FixtureView.MILLISECOND_TOLERANCE, Double.class)
                    .isEqualTo(session.chains().stream().map(FixtureView.ChainView::of).toList());
        }
        assertThat(chains.stream().map(ClosedChain::sessionId).distinct().count())
                .isEqualTo(expected.sessions().size());
    }
}
