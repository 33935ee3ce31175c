package io.exectrace.streams.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.ExpectedPercentiles;
import io.exectrace.events.fixtures.ExpectedPnl;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.ClosedChainSerde;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.json.SessionSummaryJson;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What a running pipeline must answer for golden fixtures it consumed: each session's summary (session-summary
 * store) and its chains (chains topic) equal the hand-written {@code NAME.expected.json}, once the idle timeout
 * has closed every chain.
 */
public final class GoldenFixtureAssertions {

    private GoldenFixtureAssertions() {
    }

    /**
     * Waits until every fixture session has closed all its expected chains and none is open, then compares.
     *
     * @param extraDuplicates per session id, redeliveries the test sent on top of the fixture (counted as
     *                        duplicates and nowhere else)
     */
    public static void assertSessionSummaries(final EmbeddedPipeline pipeline, final List<GoldenFixture> fixtures,
                                       final Map<String, Long> extraDuplicates) {
        final ReadOnlyKeyValueStore<String, SessionSummary> summaries = pipeline.summaries();
        for (final GoldenFixture fixture : fixtures) {
            for (final Expected.Session session : fixture.expected().sessions()) {
                EmbeddedPipeline.eventually(() -> {
                    final SessionSummary summary = summaries.get(session.sessionId());
                    // Idle-closed, not only without open chains (those may have settled on the arrival clock):
                    // only the idle close lets the last PnL horizon's pending fills into the FIFO.
                    return summary != null && summary.idleClosed() && summary.openChains() == 0
                            && summary.closedChains() == session.chains().size();
                }, "all chains of " + session.sessionId() + " closed by the idle timeout");
                final FixtureView expected = FixtureView.of(session, true);
                final FixtureView actual = FixtureView.of(summaries.get(session.sessionId()), true);
                final long extra = extraDuplicates.getOrDefault(session.sessionId(), 0L);
                assertThat(actual.duplicates()).as(fixture + " duplicates of " + session.sessionId())
                        .isEqualTo(expected.duplicates() + extra);
                assertThat(actual).as(fixture + " summary of " + session.sessionId())
                        .usingRecursiveComparison().ignoringFields("duplicates").isEqualTo(expected);
                ExpectedPnl.assertReported(session, SessionSummaryJson.of(summaries.get(session.sessionId()), null)
                        .path("by_symbol"), fixture.toString());
                ExpectedPercentiles.assertReported(session, SessionSummaryJson.of(summaries.get(session.sessionId()),
                        pipeline.latencies(session.sessionId())).path("latency_ms"), fixture.toString());
            }
        }
    }

    /** Reads the chains topic: every fixture chain once, as the expected file describes it. */
    public static void assertChainsTopic(final EmbeddedPipeline pipeline, final List<GoldenFixture> fixtures) {
        final int expectedChains = fixtures.stream()
                .flatMap(f -> f.expected().sessions().stream()).mapToInt(s -> s.chains().size()).sum();
        final ClosedChainSerde serde = new ClosedChainSerde();
        final List<ClosedChain> chains = pipeline.consumeAll(pipeline.config().chainsTopic(), expectedChains)
                .stream().map(r -> serde.deserializer().deserialize(r.topic(), r.value())).toList();
        assertThat(chains).hasSize(expectedChains);
        for (final GoldenFixture fixture : fixtures) {
            for (final Expected.Session session : fixture.expected().sessions()) {
                assertThat(chains.stream().filter(c -> c.sessionId().equals(session.sessionId()))
                        .sorted(Comparator.comparingLong(ClosedChain::firstEventTsMicros))
                        .map(FixtureView.ChainView::of).toList())
                        .as("chains of " + session.sessionId())
                        .usingRecursiveComparison()
                        .withComparatorForType(FixtureView.MILLISECOND_TOLERANCE, Double.class)
                        .isEqualTo(session.chains().stream().map(FixtureView.ChainView::of).toList());
            }
        }
    }
}
