package io.exectrace.streams.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.ParseErrorReason;
import io.exectrace.events.Stage;
import io.exectrace.events.ChainOutcome;
import io.exectrace.streams.correlation.LatencyEdge;
import io.exectrace.streams.correlation.LatencySketches;
import io.exectrace.streams.correlation.LatencySketch;
import io.exectrace.streams.correlation.SessionLatencies;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.correlation.SymbolStats;
import io.exectrace.events.IsoTimestamp;
import java.util.Map;

/**
 * The JSON form of a session summary with its latency percentiles, shared by {@code GET /api/sessions/{id}} and
 * the offline viewer's {@code --summary}, so a file and the stream print the same numbers under the same names.
 * Rates with no denominator are {@code null}; the wall-clock fields are left out (they are not a property of
 * the input).
 */
public final class SessionSummaryJson {
    /** Quantiles reported per latency edge, with their field names. */
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};
    private static final String[] QUANTILE_NAMES = {"p50", "p90", "p95", "p99"};
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SessionSummaryJson() {
    }

    public static ObjectNode of(final SessionSummary s, final SessionLatencies latencies) {
        final ObjectNode n = NODES.objectNode();
        n.put("session_id", s.sessionId());
        n.put("mode", s.mode());
        s.exchanges().forEach(n.putArray("exchanges")::add);
        n.put("records", s.events() + s.duplicates() + s.parseErrors());
        n.put("events", s.events());
        n.put("duplicates", s.duplicates());
        n.put("parse_errors", s.parseErrors());
        rate(n, "parse_error_rate", s.parseErrorRate());
        final ObjectNode reasons = n.putObject("parse_errors_by_reason");
        for (final Map.Entry<ParseErrorReason, Long> e : s.parseErrorsByReason().entrySet()) {
            reasons.put(e.getKey().label(), e.getValue());
        }
        final ObjectNode byStage = n.putObject("by_stage");
        for (final Map.Entry<Stage, Long> e : s.eventsByStage().entrySet()) {
            byStage.put(e.getKey().label(), e.getValue());
        }
        s.symbols().forEach(n.putArray("symbols")::add);
        n.put("first_ts", IsoTimestamp.format(s.firstTsMicros()));
        n.put("last_ts", IsoTimestamp.format(s.lastTsMicros()));
        n.put("error_events", s.errorEvents());
        rate(n, "error_rate", s.events() == 0 ? Double.NaN : (double) s.errorEvents() / s.events());
        n.put("unlinked_errors", s.unlinkedErrors());
        n.put("unlinked_events", s.unlinkedEvents());
        n.put("late_events", s.lateEvents());
        n.put("conflicting_events", s.conflictingEvents());
        final ObjectNode riskBlocks = n.putObject("risk_blocks");
        s.riskBlocksByReason().forEach(riskBlocks::put);
        n.putObject("data_quality")
                .put("backward_jumps", s.backwardJumps())
                .put("gaps_over_1h", s.gapsOver1h())
                .put("zoneless_ts", s.zonelessTs())
                .put("non_string_ids", s.nonStringIds())
                .put("negative_latencies", s.negativeLatencies());
        final ObjectNode outcomes = n.putObject("chains_by_outcome");
        for (final Map.Entry<ChainOutcome, Long> e : s.chainsByOutcome().entrySet()) {
            outcomes.put(e.getKey().label(), e.getValue());
        }
        n.put("closed_chains", s.closedChains());
        n.put("open_chains", s.openChains());
        n.put("missing_fills", s.chains(ChainOutcome.MISSING_FILL));
        rate(n, "fill_rate", s.fillRate());
        rate(n, "reject_rate", s.rejectRate());
        n.set("latency_ms", latency(latencies == null ? null : latencies.all()));
        final ObjectNode bySymbol = n.putObject("by_symbol");
        for (final Map.Entry<String, SymbolStats> e : s.symbolStats().entrySet()) {
            final SymbolStats st = e.getValue();
            final ObjectNode sn = bySymbol.putObject(e.getKey())
                    .put("fills", st.fills())
                    .put("filled_quantity", st.filledQuantity())
                    .put("buy_quantity", st.buyQuantity())
                    .put("sell_quantity", st.sellQuantity())
                    .put("notional", st.notional())
                    .put("fees", st.fees());
            rate(sn, "vwap", st.vwap());
            sn.put("realized_pnl", st.realizedPnl())
                    .put("realized_pnl_net", st.realizedPnlNet())
                    .put("position", st.position());
            rate(sn, "average_cost", st.averageCost());
            sn.put("pnl_skipped_fills", st.pnlSkippedFills())
                    .put("pnl_pending_fills", st.pnlPendingFills());
            final LatencySketches profile = latencies == null ? null : latencies.bySymbol().get(e.getKey());
            sn.set("latency_ms", latency(profile));
        }
        return n;
    }

    /** Per edge with data: count, exact min/max/mean and the sketch's quantiles (1 % relative accuracy). */
    private static ObjectNode latency(final LatencySketches profile) {
        final ObjectNode n = NODES.objectNode();
        if (profile == null) {
            return n;
        }
        for (final LatencyEdge edge : LatencyEdge.values()) {
            final LatencySketch sketch = profile.sketch(edge);
            if (sketch.isEmpty()) {
                continue;
            }
            final ObjectNode e = n.putObject(edge.label());
            e.put("count", sketch.count());
            e.put("min", sketch.min());
            for (int i = 0; i < QUANTILES.length; i++) {
                e.put(QUANTILE_NAMES[i], sketch.quantile(QUANTILES[i]));
            }
            e.put("max", sketch.max());
            e.put("mean", sketch.mean());
        }
        return n;
    }

    private static void rate(final ObjectNode n, final String name, final double value) {
        if (Double.isNaN(value)) {
            n.putNull(name);
        } else {
            n.put(name, value);
        }
    }
}
