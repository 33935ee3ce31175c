package io.exectrace.api;

import io.exectrace.events.Side;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.LatencyEdge;

import java.util.LinkedHashMap;
import java.util.Map;

/** How a closed chain appears in the chains JSON and CSV (field names as in the fixtures' expected files). */
final class ChainView {

    /** CSV columns before the latency edges; then one {@code <edge>_ms} column per {@link LatencyEdge}. */
    private static final String[] COLUMNS = {"chain_id", "close_ts", "symbol", "side", "outcome", "intent_id",
        "order_id", "quantity", "filled_quantity", "fills", "avg_fill_price", "notional", "fees", "close_reason",
        "reason"};

    private ChainView() {
    }

    static String[] csvHeader() {
        final LatencyEdge[] edges = LatencyEdge.values();
        final String[] header = java.util.Arrays.copyOf(COLUMNS, COLUMNS.length + edges.length);
        for (int i = 0; i < edges.length; i++) {
            header[COLUMNS.length + i] = edges[i].label() + "_ms";
        }
        return header;
    }

    static Map<String, Object> json(final ClosedChain c) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("chain_id", c.chainId());
        out.put("session_id", c.sessionId());
        EventView.putText(out, "intent_id", c.intentId());
        EventView.putText(out, "order_id", c.orderId());
        EventView.putText(out, "broker_order_id", c.brokerOrderId());
        EventView.putText(out, "symbol", c.symbol());
        out.put("side", c.side() == Side.UNKNOWN ? null : c.side().name());
        EventView.putText(out, "mode", c.mode());
        EventView.putText(out, "exchange", c.exchange());
        EventView.putText(out, "strategy", c.strategy());
        out.put("outcome", c.outcome().label());
        out.put("close_reason", c.closeReason());
        EventView.putText(out, "reason", c.reason());
        EventView.putNumber(out, "quantity", c.quantity());
        out.put("filled_quantity", c.filledQuantity());
        out.put("fills", c.fillCount());
        EventView.putNumber(out, "avg_fill_price", c.avgFillPrice());
        EventView.putNumber(out, "notional", c.notional());
        EventView.putNumber(out, "fees", c.fees());
        putTs(out, "first_ts", c.firstEventTsMicros());
        putTs(out, "intent_ts", c.intentTsMicros());
        putTs(out, "order_ts", c.orderTsMicros());
        putTs(out, "ack_ts", c.ackTsMicros());
        putTs(out, "first_fill_ts", c.firstFillTsMicros());
        putTs(out, "last_fill_ts", c.lastFillTsMicros());
        putTs(out, "close_ts", c.closeTsMicros());
        out.put("events", c.eventCount());
        out.put("clock_problems", c.clockProblems());
        final Map<String, Double> latency = new LinkedHashMap<>();
        c.latencyMs().forEach((edge, ms) -> latency.put(edge.label(), ms));
        out.put("latency_ms", latency);
        return out;
    }

    static void csv(final CsvWriter csv, final ClosedChain c) {
        csv.text(c.chainId()).text(SessionView.ts(c.closeTsMicros())).text(c.symbol())
                .text(c.side() == Side.UNKNOWN ? null : c.side().name()).text(c.outcome().label())
                .text(c.intentId()).text(c.orderId()).number(c.quantity()).number(c.filledQuantity())
                .number((long) c.fillCount()).number(c.avgFillPrice()).number(c.notional()).number(c.fees())
                .text(c.closeReason()).text(c.reason());
        for (final LatencyEdge edge : LatencyEdge.values()) {
            csv.number(c.latency(edge));
        }
        csv.endRow();
    }

    /** The longest latency edge of a chain, NaN when it has none. */
    static double longestLatency(final ClosedChain c) {
        double max = Double.NaN;
        for (final Double ms : c.latencyMs().values()) {
            if (Double.isNaN(max) || ms > max) {
                max = ms;
            }
        }
        return max;
    }

    private static void putTs(final Map<String, Object> out, final String key, final long micros) {
        if (micros != ClosedChain.ABSENT_TS) {
            out.put(key, EventView.iso(micros));
        }
    }
}
