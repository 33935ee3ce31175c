package io.exectrace.streams.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Side;
import io.exectrace.events.IsoTimestamp;

/**
 * The JSON form of one normalized event, shared by the timeline API and the offline viewer so both print the same
 * object. Absent fields (null text, NaN numbers, unknown side) are left out; names are the contract's snake_case.
 */
public final class ExecutionEventJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExecutionEventJson() {
    }

    public static ObjectNode of(final ExecutionEvent e) {
        final ObjectNode n = NODES.objectNode();
        n.put("ts", IsoTimestamp.format(e.tsMicros()));
        n.put("session_id", e.sessionId());
        n.put("stage", e.stage().label());
        text(n, "symbol", e.symbol());
        text(n, "mode", e.mode());
        text(n, "exchange", e.exchange());
        if (e.side() != Side.UNKNOWN) {
            n.put("side", e.side().name());
        }
        text(n, "intent_id", e.intentId());
        text(n, "order_id", e.orderId());
        text(n, "broker_order_id", e.brokerOrderId());
        text(n, "correlation_id", e.correlationId());
        text(n, "strategy_id", e.strategyId());
        number(n, "quantity", e.quantity());
        number(n, "price", e.price());
        number(n, "notional", e.notional());
        number(n, "fee", e.fee());
        text(n, "reason", e.reason());
        text(n, "gate", e.gateName());
        text(n, "message", e.message());
        text(n, "order_type", e.orderType());
        text(n, "status", e.status());
        number(n, "reported_latency_ms", e.reportedLatencyMs());
        n.put("dialect", e.dialect().name().toLowerCase(java.util.Locale.ROOT));
        n.put("fingerprint", String.format("%016x", e.fingerprint()));
        return n;
    }

    static void text(final ObjectNode n, final String name, final String value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    static void number(final ObjectNode n, final String name, final double value) {
        if (!Double.isNaN(value)) {
            n.put(name, value);
        }
    }
}
