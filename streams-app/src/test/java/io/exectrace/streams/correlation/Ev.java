package io.exectrace.streams.correlation;

import io.exectrace.events.Dialect;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import java.time.Instant;

/**
 * Test builder of {@link ExecutionEvent}s. Times are milliseconds after a fixed base; the fingerprint is a hash of
 * every field, so the same built event always has the same fingerprint and different events differ.
 */
final class Ev {
    static final long BASE_MICROS = Instant.parse("2025-12-20T10:00:00Z").toEpochMilli() * 1000L;

    private long tsMicros = BASE_MICROS;
    private String session = "s1";
    private final Stage stage;
    private String mode = "paper";
    private String symbol = "BTC-USD";
    private String exchange;
    private Side side = Side.UNKNOWN;
    private String intentId;
    private String orderId;
    private String brokerOrderId;
    private String strategy;
    private double quantity = Double.NaN;
    private double price = Double.NaN;
    private double notional = Double.NaN;
    private double fee = Double.NaN;
    private String reason;
    private String message;
    private int flags;
    private Long fingerprint;

    private Ev(final Stage stage) {
        this.stage = stage;
    }

    static Ev of(final Stage stage) {
        return new Ev(stage);
    }

    static Ev intent(final double atMs) {
        return of(Stage.INTENT).at(atMs);
    }

    static Ev submit(final double atMs) {
        return of(Stage.SUBMIT).at(atMs);
    }

    static Ev ack(final double atMs) {
        return of(Stage.ACK).at(atMs);
    }

    static Ev fill(final double atMs) {
        return of(Stage.FILL).at(atMs);
    }

    static Ev cancel(final double atMs) {
        return of(Stage.CANCEL).at(atMs);
    }

    static Ev riskBlock(final double atMs) {
        return of(Stage.RISK_BLOCK).at(atMs);
    }

    static Ev error(final double atMs) {
        return of(Stage.ERROR).at(atMs);
    }

    /** Event time in milliseconds after {@link #BASE_MICROS} (fractions = microseconds). */
    Ev at(final double ms) {
        tsMicros = BASE_MICROS + Math.round(ms * 1000.0);
        return this;
    }

    Ev session(final String v) {
        session = v;
        return this;
    }

    Ev mode(final String v) {
        mode = v;
        return this;
    }

    Ev symbol(final String v) {
        symbol = v;
        return this;
    }

    Ev exchange(final String v) {
        exchange = v;
        return this;
    }

    Ev side(final Side v) {
        side = v;
        return this;
    }

    Ev buy() {
        return side(Side.BUY);
    }

    Ev sell() {
        return side(Side.SELL);
    }

    Ev intentId(final String v) {
        intentId = v;
        return this;
    }

    Ev orderId(final String v) {
        orderId = v;
        return this;
    }

    Ev brokerId(final String v) {
        brokerOrderId = v;
        return this;
    }

    Ev strategy(final String v) {
        strategy = v;
        return this;
    }

    Ev qty(final double v) {
        quantity = v;
        return this;
    }

    Ev price(final double v) {
        price = v;
        return this;
    }

    Ev notional(final double v) {
        notional = v;
        return this;
    }

    Ev fee(final double v) {
        fee = v;
        return this;
    }

    Ev reason(final String v) {
        reason = v;
        return this;
    }

    Ev message(final String v) {
        message = v;
        return this;
    }

    Ev flags(final int v) {
        flags = v;
        return this;
    }

    Ev fingerprint(final long v) {
        fingerprint = v;
        return this;
    }

    ExecutionEvent build() {
        final ExecutionEvent draft = new ExecutionEvent(tsMicros, session, stage, Dialect.LEDGER_V1, mode, symbol,
                exchange, side, intentId, orderId, brokerOrderId, null, strategy, quantity, price, notional, fee,
                reason, null, message, null, null, Double.NaN, flags, 0L);
        final long fp = fingerprint != null ? fingerprint : mix(draft.toString());
        return new ExecutionEvent(tsMicros, session, stage, Dialect.LEDGER_V1, mode, symbol, exchange, side,
                intentId, orderId, brokerOrderId, null, strategy, quantity, price, notional, fee, reason, null,
                message, null, null, Double.NaN, flags, fp);
    }

    private static long mix(final String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
