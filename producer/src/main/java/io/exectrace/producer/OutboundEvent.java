package io.exectrace.producer;

import io.exectrace.events.Side;
import io.exectrace.events.Stage;

/**
 * An execution event a service publishes, before it is written as JSON; the fields mirror the normalized
 * {@link io.exectrace.events.ExecutionEvent}. Absent text is {@code null}, absent numbers {@link Double#NaN}.
 *
 * @param stage         what happened
 * @param tsMicros      event time, epoch microseconds UTC
 * @param sessionId     session ({@code session_id} / {@code run_id}); also the record key
 * @param mode          paper, shadow, live, backtest...
 * @param symbol        instrument
 * @param exchange      exchange (dialect B)
 * @param side          order side, {@link Side#UNKNOWN} when not given
 * @param intentId      intent id
 * @param orderId       client order id
 * @param brokerOrderId the broker's order id
 * @param correlationId correlation / trace id
 * @param strategyId    strategy
 * @param quantity      intent or order quantity; for fills the filled quantity
 * @param price         current, limit or fill price
 * @param notional      fill notional
 * @param fee           fee
 * @param reason        why (risk block, gate, cancel, reject)
 * @param gateName      gate name
 * @param message       error message
 * @param orderType     MARKET, LIMIT...
 * @param status        status text (dialect B)
 * @param latencyMs     a latency the service measured itself (dialect B {@code latency_ms})
 */
public record OutboundEvent(
        Stage stage,
        long tsMicros,
        String sessionId,
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
        double latencyMs) {
}
