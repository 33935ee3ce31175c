package io.exectrace.harness.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One outcome probe: a chain intent -> submit -> fill of the full quantity in dialect A (as
 * {@code fixtures/golden_session_ok.jsonl}), with explicit ids so the pipeline links it without FIFO guessing and
 * the benchmark finds it by its {@code order_id} or {@code intent_id} in the chains answer. Each line is stamped
 * with the wall clock when it is built, so the session's event clock follows the sends.
 *
 * @param sessionId the probe session
 * @param intentId  unique per probe
 * @param orderId   unique per probe
 */
record ProbeChain(String sessionId, String intentId, String orderId) {
    static final String SYMBOL = "PROBE-USD";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Probe chain number {@code number} of {@code sessionId}; {@code label} keeps the ids of two cases apart. */
    static ProbeChain numbered(final String sessionId, final String label, final long number) {
        return new ProbeChain(sessionId, "probe-intent-" + label + "-" + number, "probe-order-" + label + "-" + number);
    }

    byte[] intent(final Instant ts) {
        return line(ts, "intent", "{\"intent_id\":\"" + intentId + "\",\"side\":\"BUY\",\"quantity\":1.0,"
                + "\"current_price\":100.0,\"strategy_key\":\"freshness\"}");
    }

    byte[] submit(final Instant ts) {
        return line(ts, "order", "{\"order_id\":\"" + orderId + "\",\"intent_id\":\"" + intentId
                + "\",\"side\":\"BUY\",\"quantity\":1.0,\"order_type\":\"MARKET\"}");
    }

    /** The ending event: a fill of the whole quantity. */
    byte[] fill(final Instant ts) {
        return line(ts, "fill", "{\"order_id\":\"" + orderId + "\",\"filled_quantity\":1.0,\"fill_price\":100.0,"
                + "\"fill_notional\":100.0,\"fill_fee\":0.1}");
    }

    private byte[] line(final Instant ts, final String kind, final String payload) {
        return ("{\"ts\":\"" + TS.format(ts) + "\",\"session_id\":\"" + sessionId + "\",\"symbol\":\"" + SYMBOL
                + "\",\"mode\":\"PAPER\",\"kind\":\"" + kind + "\",\"payload\":" + payload + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
