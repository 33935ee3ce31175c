package io.exectrace.streams.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.Side;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.events.IsoTimestamp;

/**
 * The JSON form of one closed chain, shared by the chains API and the offline viewer. Ids, symbol and side are
 * always present ({@code null} when absent) so rows line up; absent times and numbers are left out.
 */
public final class ClosedChainJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ClosedChainJson() {
    }

    public static ObjectNode of(final ClosedChain c) {
        final ObjectNode n = NODES.objectNode();
        n.put("session_id", c.sessionId());
        n.put("chain_id", c.chainId());
        n.put("intent_id", c.intentId());
        n.put("order_id", c.orderId());
        ExecutionEventJson.text(n, "broker_order_id", c.brokerOrderId());
        n.put("symbol", c.symbol());
        n.put("side", c.side() == Side.UNKNOWN ? null : c.side().name());
        ExecutionEventJson.text(n, "mode", c.mode());
        ExecutionEventJson.text(n, "exchange", c.exchange());
        ExecutionEventJson.text(n, "strategy_id", c.strategy());
        n.put("outcome", c.outcome().label());
        n.put("close_reason", c.closeReason());
        ExecutionEventJson.text(n, "reason", c.reason());
        if (Double.isNaN(c.quantity())) {
            n.putNull("quantity");
        } else {
            n.put("quantity", c.quantity());
        }
        n.put("filled_quantity", c.filledQuantity());
        n.put("fills", c.fillCount());
        ExecutionEventJson.number(n, "avg_fill_price", c.avgFillPrice());
        n.put("notional", c.notional());
        n.put("fees", c.fees());
        time(n, "first_event_ts", c.firstEventTsMicros());
        time(n, "intent_ts", c.intentTsMicros());
        time(n, "order_ts", c.orderTsMicros());
        time(n, "ack_ts", c.ackTsMicros());
        time(n, "first_fill_ts", c.firstFillTsMicros());
        time(n, "last_fill_ts", c.lastFillTsMicros());
        time(n, "close_ts", c.closeTsMicros());
        n.put("events", c.eventCount());
        n.put("clock_problems", c.clockProblems());
        final ObjectNode latency = n.putObject("latency_ms");
        c.latencyMs().forEach((edge, ms) -> latency.put(edge.label(), ms));
        return n;
    }

    private static void time(final ObjectNode n, final String name, final long micros) {
        if (micros != ClosedChain.ABSENT_TS) {
            n.put(name, IsoTimestamp.format(micros));
        }
    }
}
