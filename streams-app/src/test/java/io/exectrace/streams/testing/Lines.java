package io.exectrace.streams.testing;

import java.time.Instant;

/** Dialect A input lines for tests, written out the way Peak_Trade's logger writes them. */
public final class Lines {

    public static final Instant T0 = Instant.parse("2025-12-20T10:00:00Z");

    private Lines() {
    }

    public static String event(final String session, final Instant ts, final String kind, final String payload) {
        return "{\"ts\": \"" + ts + "\", \"session_id\": \"" + session + "\", \"symbol\": \"BTC-USD\", "
                + "\"mode\": \"PAPER\", \"kind\": \"" + kind + "\", \"payload\": " + payload + "}";
    }

    public static String intent(final String session, final Instant ts, final String intentId) {
        return event(session, ts, "intent", "{\"intent_id\": \"" + intentId + "\", \"side\": \"BUY\", "
                + "\"quantity\": 0.5}");
    }

    public static String order(final String session, final Instant ts, final String intentId, final String orderId) {
        return event(session, ts, "order", "{\"order_id\": \"" + orderId + "\", \"intent_id\": \"" + intentId
                + "\", \"side\": \"BUY\", \"quantity\": 0.5, \"order_type\": \"MARKET\"}");
    }

    public static String fill(final String session, final Instant ts, final String orderId) {
        return event(session, ts, "fill", "{\"order_id\": \"" + orderId + "\", \"filled_quantity\": 0.5, "
                + "\"fill_price\": 97000.0}");
    }

    public static String error(final String session, final Instant ts) {
        return event(session, ts, "error", "{\"error\": \"exchange timeout\"}");
    }

    public static String riskBlock(final String session, final Instant ts) {
        return event(session, ts, "gate", "{\"gate\": \"MaxNotional\", \"decision\": \"BLOCK\", "
                + "\"reason\": \"max_notional\"}");
    }

    /** A valid intent whose intent id makes every line distinct. */
    public static String intent(final String session, final Instant ts) {
        return intent(session, ts, "i-" + ts.toEpochMilli());
    }
}
