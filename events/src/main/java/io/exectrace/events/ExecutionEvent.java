package io.exectrace.events;

/**
 * One normalized execution event, whichever dialect it arrived in.
 *
 * <p>Absent text fields are {@code null}; absent numbers are {@link Double#NaN}, so the hot path does not box.
 * Time is epoch microseconds (UTC) because Python's {@code isoformat()} writes six fraction digits.
 *
 * @param tsMicros          event time, epoch microseconds, UTC
 * @param sessionId         {@code session_id} (dialect A) or {@code run_id} (dialect B)
 * @param stage             normalized stage
 * @param dialect           dialect the event was written in
 * @param mode              lower-cased mode ({@code paper}, {@code shadow}, ...), or null
 * @param symbol            instrument, or null
 * @param exchange          exchange (dialect B), or null
 * @param side              order side, {@link Side#UNKNOWN} when absent
 * @param intentId          intent id, or null
 * @param orderId           client order id ({@code order_id}, {@code client_id} or {@code client_order_id}), or null
 * @param brokerOrderId     broker order id (dialect B), or null
 * @param correlationId     correlation / trace id (dialect B), or null
 * @param strategyId        strategy ({@code strategy_id} or payload {@code strategy_key}), or null
 * @param quantity          order or intent quantity; for fills the filled quantity
 * @param price             limit, current or fill price
 * @param notional          fill notional as reported ({@code fill_notional}), NaN when absent
 * @param fee               fee, NaN when absent
 * @param reason            risk-block / gate / cancel reason, or null
 * @param gateName          gate name ({@code gate} / {@code gate_name}), or null
 * @param message           error message, or null
 * @param orderType         order type ({@code MARKET}, {@code LIMIT}...), or null
 * @param status            status text (dialect B), or null
 * @param reportedLatencyMs {@code latency_ms} as reported by the producer (dialect B), NaN when absent
 * @param qualityFlags      bit set of {@link QualityFlags}
 * @param fingerprint       64-bit hash of the raw record bytes: identical redeliveries share it
 */
public record ExecutionEvent(
        long tsMicros,
        String sessionId,
        Stage stage,
        Dialect dialect,
        String mode,
        String symbol,
        String exchange,
        Side side,
        String intentId,
        String orderId,
        String brokerOrderId,
        String correlationId,
        String strategyId,
        double quantity,
        double price,
        double notional,
        double fee,
        String reason,
        String gateName,
        String message,
        String orderType,
        String status,
        double reportedLatencyMs,
        int qualityFlags,
        long fingerprint) {

    /** Event time in epoch milliseconds (truncated). */
    public long tsMillis() {
        return Math.floorDiv(tsMicros, 1000L);
    }

    /** True when the given {@link QualityFlags} bit is set. */
    public boolean has(final int flag) {
        return (qualityFlags & flag) != 0;
    }
}
