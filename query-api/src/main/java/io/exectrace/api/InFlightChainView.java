package io.exectrace.api;

import io.exectrace.events.Side;
import io.exectrace.streams.correlation.OpenChainView;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an open chain (an order in flight, an intent waiting for its order, children waiting for their parent)
 * appears in the open-chains JSON and CSV. Ages are taken at one {@code nowMillis} for the whole answer: the event
 * age on the session's event clock, the arrival age on the wall clock since its first record arrived.
 */
final class InFlightChainView {

    /** Columns of the open-chains CSV. */
    static final String[] CSV_COLUMNS = {"chain_id", "stage", "end_reason", "waiting_for", "symbol", "side", "mode",
        "exchange", "intent_id", "order_id", "broker_order_id", "quantity", "filled_quantity", "fills", "events",
        "first_ts", "age_event_ms", "age_arrival_ms", "deadline_ts", "settle_due_at", "stuck"};

    private InFlightChainView() {
    }

    static Map<String, Object> json(final OpenChainView c, final Duration settleTime, final long nowMillis) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("chain_id", c.chainId());
        out.put("session_id", c.sessionId());
        out.put("stage", c.stage());
        out.put("end_reason", c.endReason());
        out.put("waiting_for", c.waitingFor());
        EventView.putText(out, "intent_id", c.intentId());
        EventView.putText(out, "order_id", c.orderId());
        EventView.putText(out, "broker_order_id", c.brokerOrderId());
        EventView.putText(out, "symbol", c.symbol());
        out.put("side", side(c));
        EventView.putText(out, "mode", c.mode());
        EventView.putText(out, "exchange", c.exchange());
        EventView.putText(out, "strategy", c.strategy());
        EventView.putNumber(out, "quantity", c.quantity());
        out.put("filled_quantity", c.filledQuantity());
        out.put("fills", c.fills());
        out.put("events", c.eventCount());
        out.put("first_ts", SessionView.ts(c.firstEventTsMicros()));
        out.put("order_ts", SessionView.ts(c.orderTsMicros()));
        out.put("first_arrival_at", wallTime(c.firstArrivalMillis()));
        out.put("age_event_ms", c.eventAgeMillis());
        out.put("age_arrival_ms", arrivalAge(c, nowMillis));
        out.put("deadline_ts", SessionView.ts(c.deadlineTsMicros()));
        out.put("settle_due_at", wallTime(c.settleDueMillis(settleTime)));
        out.put("stuck", c.stuckReported());
        return out;
    }

    static void csv(final CsvWriter csv, final OpenChainView c, final Duration settleTime, final long nowMillis) {
        final Long arrivalAge = arrivalAge(c, nowMillis);
        csv.text(c.chainId()).text(c.stage()).text(c.endReason()).text(c.waitingFor()).text(c.symbol())
                .text(side(c)).text(c.mode()).text(c.exchange()).text(c.intentId()).text(c.orderId())
                .text(c.brokerOrderId()).number(c.quantity()).number(c.filledQuantity()).number((long) c.fills())
                .number((long) c.eventCount()).text(SessionView.ts(c.firstEventTsMicros()))
                .number(c.eventAgeMillis()).number(arrivalAge == null ? Double.NaN : arrivalAge)
                .text(SessionView.ts(c.deadlineTsMicros())).text(wallTime(c.settleDueMillis(settleTime)))
                .text(Boolean.toString(c.stuckReported())).endRow();
    }

    private static String side(final OpenChainView c) {
        return c.side() == Side.UNKNOWN ? null : c.side().name();
    }

    /** Wall-clock age since the first record arrived, null where no arrival clock ran. */
    private static Long arrivalAge(final OpenChainView c, final long nowMillis) {
        final long age = c.arrivalAgeMillis(nowMillis);
        return age < 0 ? null : age;
    }

    private static String wallTime(final long epochMillis) {
        return epochMillis == OpenChainView.ABSENT ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
