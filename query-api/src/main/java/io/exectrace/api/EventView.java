package io.exectrace.api;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.QualityFlags;
import io.exectrace.events.Side;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.utils.Bytes;

/**
 * How an event appears in answers: the timeline's full JSON object, and the seed's telemetry row
 * ({@code ts, kind, symbol, session_id, description, details}) shared by the telemetry JSON and CSV answers.
 */
final class EventView {

    /** Columns of the timeline CSV, in order. */
    static final String[] TIMELINE_COLUMNS = {"id", "ts", "stage", "session_id", "mode", "symbol", "exchange",
        "side", "intent_id", "order_id", "broker_order_id", "quantity", "price", "notional", "fee", "reason",
        "gate", "message", "order_type", "status"};
    /** Columns of the seed's telemetry CSV. */
    static final String[] TELEMETRY_COLUMNS = {"ts", "kind", "symbol", "session_id", "description", "details"};

    private EventView() {
    }

    /** ISO-8601 UTC text of an epoch-microsecond time, with microseconds when they are not zero. */
    static String iso(final long tsMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(tsMicros, 1_000_000L),
                Math.floorMod(tsMicros, 1_000_000L) * 1000L).toString();
    }

    /** The timeline's JSON object of one event at position {@code id}; absent fields are left out. */
    static Map<String, Object> json(final String id, final ExecutionEvent e) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("ts", iso(e.tsMicros()));
        out.put("ts_micros", e.tsMicros());
        out.put("stage", e.stage().label());
        putText(out, "session_id", e.sessionId());
        putText(out, "mode", e.mode());
        putText(out, "symbol", e.symbol());
        putText(out, "exchange", e.exchange());
        if (e.side() != Side.UNKNOWN) {
            out.put("side", e.side().name());
        }
        putText(out, "intent_id", e.intentId());
        putText(out, "order_id", e.orderId());
        putText(out, "broker_order_id", e.brokerOrderId());
        putNumber(out, "quantity", e.quantity());
        putNumber(out, "price", e.price());
        putNumber(out, "notional", e.notional());
        putNumber(out, "fee", e.fee());
        putText(out, "reason", e.reason());
        putText(out, "gate", e.gateName());
        putText(out, "message", e.message());
        putText(out, "order_type", e.orderType());
        putText(out, "status", e.status());
        if (e.qualityFlags() != 0) {
            out.put("quality_flags", qualityFlags(e.qualityFlags()));
        }
        return out;
    }

    /** The timeline CSV row of the event stored under {@code key}, columns as {@link #TIMELINE_COLUMNS}. */
    static void csv(final CsvWriter csv, final Bytes key, final ExecutionEvent e) {
        csv.base64Url(key.get()).isoMicros(e.tsMicros()).text(e.stage().label()).text(e.sessionId()).text(e.mode())
                .text(e.symbol()).text(e.exchange()).text(e.side() == Side.UNKNOWN ? null : e.side().name())
                .text(e.intentId()).text(e.orderId()).text(e.brokerOrderId()).number(e.quantity())
                .number(e.price()).number(e.notional()).number(e.fee()).text(e.reason()).text(e.gateName())
                .text(e.message()).text(e.orderType()).text(e.status()).endRow();
    }

    /** The seed's telemetry row: ts, kind, symbol, session_id, description, details (compact JSON text). */
    static String[] telemetryRow(final ExecutionEvent e) {
        return new String[] {iso(e.tsMicros()), e.stage().label(), e.symbol(), e.sessionId(), description(e),
            details(e)};
    }

    /** One line a person reads, like the seed viewer's: "submit BUY 0.5 BTC-USD MARKET order_ok_001". */
    static String description(final ExecutionEvent e) {
        final StringBuilder out = new StringBuilder(e.stage().label());
        if (e.side() != Side.UNKNOWN) {
            out.append(' ').append(e.side().name());
        }
        if (!Double.isNaN(e.quantity())) {
            out.append(' ').append(number(e.quantity()));
        }
        append(out, e.symbol());
        if (!Double.isNaN(e.price())) {
            out.append(" @ ").append(number(e.price()));
        }
        append(out, e.orderType());
        append(out, e.orderId() != null ? e.orderId() : e.intentId());
        append(out, e.gateName());
        append(out, e.reason());
        append(out, e.message());
        return out.toString();
    }

    /** The ids, status and numbers not in the description, as a compact JSON object. */
    static String details(final ExecutionEvent e) {
        final Map<String, Object> details = new LinkedHashMap<>();
        putText(details, "intent_id", e.intentId());
        putText(details, "order_id", e.orderId());
        putText(details, "broker_order_id", e.brokerOrderId());
        putText(details, "correlation_id", e.correlationId());
        putText(details, "strategy_id", e.strategyId());
        putText(details, "exchange", e.exchange());
        putText(details, "mode", e.mode());
        putNumber(details, "notional", e.notional());
        putNumber(details, "fee", e.fee());
        putText(details, "status", e.status());
        putNumber(details, "reported_latency_ms", e.reportedLatencyMs());
        return Json.write(details);
    }

    private static String[] qualityFlags(final int flags) {
        final java.util.List<String> names = new java.util.ArrayList<>(3);
        if ((flags & QualityFlags.ZONELESS_TS) != 0) {
            names.add("zoneless_ts");
        }
        if ((flags & QualityFlags.NON_STRING_ID) != 0) {
            names.add("non_string_id");
        }
        if ((flags & QualityFlags.BAD_NUMBER) != 0) {
            names.add("bad_number");
        }
        return names.toArray(String[]::new);
    }

    private static void append(final StringBuilder out, final String text) {
        if (text != null) {
            out.append(' ').append(text);
        }
    }

    private static String number(final double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    static void putText(final Map<String, Object> out, final String key, final String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    static void putNumber(final Map<String, Object> out, final String key, final double value) {
        if (!Double.isNaN(value)) {
            out.put(key, value);
        }
    }
}
