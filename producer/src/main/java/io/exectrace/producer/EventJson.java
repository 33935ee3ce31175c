package io.exectrace.producer;

import io.exectrace.events.Dialect;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import java.util.Locale;

/**
 * Writes an {@link OutboundEvent} as one JSON line of either input dialect (see the event contract).
 *
 * <p>Telemetry v1 (A) has no kind for ack, cancel and signal, and ledger v1 (B) no stage for a passing gate; such
 * an event is written in the other dialect, which the pipeline reads on the same topic.
 */
final class EventJson {
    private final JsonLineWriter out = new JsonLineWriter(512);
    private final IsoTimestampFormat timestamps = new IsoTimestampFormat();

    /** The event as UTF-8 JSON bytes, in {@code dialect} when it can express the stage. */
    byte[] render(final OutboundEvent e, final Dialect dialect) {
        out.reset();
        if (writesAsTelemetry(e.stage(), dialect)) {
            telemetry(e);
        } else {
            ledger(e);
        }
        return out.toByteArray();
    }

    /** The dialect an event of this stage is written in when {@code preferred} is asked for. */
    static Dialect effectiveDialect(final Stage stage, final Dialect preferred) {
        return writesAsTelemetry(stage, preferred) ? Dialect.TELEMETRY_V1 : Dialect.LEDGER_V1;
    }

    private static boolean writesAsTelemetry(final Stage stage, final Dialect preferred) {
        return switch (stage) {
            case ACK, CANCEL, SIGNAL -> false;
            case GATE_PASS -> true;
            default -> preferred == Dialect.TELEMETRY_V1;
        };
    }

    private void telemetry(final OutboundEvent e) {
        out.beginObject();
        out.name("ts");
        timestamps.writeQuoted(out, e.tsMicros(), IsoTimestampFormat.Style.MICROS_Z);
        out.field("session_id", e.sessionId());
        out.field("symbol", e.symbol());
        out.field("mode", e.mode());
        out.field("exchange", e.exchange());
        out.field("kind", kind(e.stage()));
        out.beginObject("payload");
        switch (e.stage()) {
            case INTENT -> {
                out.field("intent_id", e.intentId());
                side(e.side());
                out.field("quantity", e.quantity());
                out.field("current_price", e.price());
                out.field("strategy_key", e.strategyId());
            }
            case SUBMIT -> {
                out.field("order_id", e.orderId());
                out.field("intent_id", e.intentId());
                side(e.side());
                out.field("quantity", e.quantity());
                out.field("order_type", e.orderType());
                out.field("limit_price", e.price());
                out.field("strategy_key", e.strategyId());
            }
            case FILL -> {
                out.field("order_id", e.orderId());
                out.field("intent_id", e.intentId());
                side(e.side());
                out.field("filled_quantity", e.quantity());
                out.field("fill_price", e.price());
                out.field("fill_notional", e.notional());
                out.field("fill_fee", e.fee());
            }
            case RISK_BLOCK, GATE_PASS -> {
                out.field("gate_name", e.gateName());
                out.field("passed", e.stage() == Stage.GATE_PASS);
                out.field("reason", e.reason());
                out.field("intent_id", e.intentId());
                side(e.side());
                out.field("quantity", e.quantity());
            }
            case ERROR -> {
                out.field("error", e.message());
                out.field("intent_id", e.intentId());
                out.field("order_id", e.orderId());
                out.field("reason", e.reason());
            }
            default -> throw new IllegalStateException("no telemetry kind for " + e.stage());
        }
        out.endObject();
        out.endObject();
    }

    private void ledger(final OutboundEvent e) {
        out.beginObject();
        out.name("ts");
        timestamps.writeQuoted(out, e.tsMicros(), IsoTimestampFormat.Style.MICROS_Z);
        out.field("mode", e.mode());
        out.field("run_id", e.sessionId());
        out.field("stage", e.stage().label());
        out.field("strategy_id", e.strategyId());
        out.field("symbol", e.symbol());
        out.field("exchange", e.exchange());
        side(e.side());
        out.field("intent_id", e.intentId());
        out.field("client_order_id", e.orderId());
        out.field("broker_order_id", e.brokerOrderId());
        out.field("correlation_id", e.correlationId());
        out.field("status", e.status());
        out.field("order_type", e.orderType());
        out.field("qty", e.quantity());
        out.field("price", e.price());
        out.field("fill_notional", e.notional());
        out.field("fee", e.fee());
        out.field("reason", e.reason());
        out.field("gate_name", e.gateName());
        out.field("error", e.message());
        out.field("latency_ms", e.latencyMs());
        out.endObject();
    }

    private void side(final Side side) {
        if (side != null && side != Side.UNKNOWN) {
            out.field("side", side.name());
        }
    }

    private static String kind(final Stage stage) {
        return switch (stage) {
            case SUBMIT -> "order";
            case RISK_BLOCK, GATE_PASS -> "gate";
            default -> stage.name().toLowerCase(Locale.ROOT);
        };
    }
}
