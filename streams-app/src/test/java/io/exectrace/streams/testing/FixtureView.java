package io.exectrace.streams.testing;

import io.exectrace.events.Side;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.SessionSummary;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields of fixtures/NAME.expected.json in one comparable shape, built either from the hand-written file or
 * from what the topology produced (session-summary store, chains topic). Times are compared as epoch microseconds,
 * so the expected file's 3-or-6 fraction digits need no formatting rule.
 */
public record FixtureView(String sessionId, String mode, List<String> exchanges, long events, long duplicates,
                   long parseErrors, Map<String, Long> byStage, List<String> symbols, long firstTsMicros,
                   long lastTsMicros, long errorEvents, Map<String, Long> riskBlocks, long backwardJumps,
                   long gapsOver1h, long zonelessTs, long nonStringIds, long negativeLatencies,
                   Map<String, Long> chainsByOutcome) {

    /** Latencies match to the microsecond resolution they are computed at. */
    public static final Comparator<Double> MILLISECOND_TOLERANCE = (a, b) ->
            a == null || b == null ? (a == b ? 0 : 1) : Math.abs(a - b) <= 0.001 ? 0 : Double.compare(a, b);

    /** Stands in for backward_jumps when the arrival order is not the file's. */
    public static final long NOT_COMPARED = -1;

    public static FixtureView of(final Expected.Session e, final boolean withBackwardJumps) {
        return new FixtureView(e.sessionId(), e.mode(), List.copyOf(e.exchanges()), e.events(), e.duplicates(),
                e.parseErrors(), new TreeMap<>(e.byStage()), List.copyOf(e.symbols()), micros(e.firstTs()),
                micros(e.lastTs()), e.errorEvents(), new TreeMap<>(e.riskBlocks()),
                withBackwardJumps ? e.dataQuality().backwardJumps() : NOT_COMPARED, e.dataQuality().gapsOver1h(),
                e.dataQuality().zonelessTs(), e.dataQuality().nonStringIds(), e.dataQuality().negativeLatencies(),
                new TreeMap<>(e.chainsByOutcome()));
    }

    public static FixtureView of(final SessionSummary s, final boolean withBackwardJumps) {
        final Map<String, Long> byStage = new TreeMap<>();
        s.eventsByStage().forEach((stage, count) -> {
            if (count > 0) {
                byStage.put(stage.label(), count);
            }
        });
        final Map<String, Long> outcomes = new TreeMap<>();
        s.chainsByOutcome().forEach((outcome, count) -> {
            if (count > 0) {
                outcomes.put(outcome.label(), count);
            }
        });
        return new FixtureView(s.sessionId(), s.mode(), List.copyOf(s.exchanges()), s.events(), s.duplicates(),
                s.parseErrors(), byStage, List.copyOf(s.symbols()), s.firstTsMicros(), s.lastTsMicros(),
                s.errorEvents(), new TreeMap<>(s.riskBlocksByReason()),
                withBackwardJumps ? s.backwardJumps() : NOT_COMPARED, s.gapsOver1h(), s.zonelessTs(),
                s.nonStringIds(), s.negativeLatencies(), outcomes);
    }

    private static long micros(final String iso) {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
    }

    /** One chain as the expected file describes it. */
    public record ChainView(String intentId, String orderId, String symbol, String side, String outcome, Double quantity,
                     Double filledQuantity, int fills, Map<String, Double> latencyMs) {

        public static ChainView of(final Expected.Chain c) {
            return new ChainView(c.intentId(), c.orderId(), c.symbol(), c.side(), c.outcome(), c.quantity(),
                    c.filledQuantity(), c.fills(), new TreeMap<>(c.latencyMs()));
        }

        public static ChainView of(final ClosedChain c) {
            final Map<String, Double> latencies = new TreeMap<>();
            c.latencyMs().forEach((edge, ms) -> latencies.put(edge.label(), ms));
            return new ChainView(c.intentId(), c.orderId(), c.symbol(),
                    c.side() == Side.UNKNOWN ? null : c.side().name(), c.outcome().label(),
                    Double.isNaN(c.quantity()) ? null : c.quantity(), c.filledQuantity(), c.fillCount(), latencies);
        }
    }
}
