package io.exectrace.streams.correlation;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.IsoTimestamp;
import io.exectrace.events.Side;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finished intent → order → fill chain, as written to the {@code execution-chains} topic and handed to the
 * viewer. Absent times are {@link #ABSENT_TS}, absent numbers {@link Double#NaN}, absent text {@code null};
 * {@link #latencyMs()} holds only the edges that exist. Every field derives from event data, so the same input
 * gives the same record.
 *
 * @param sessionId          session (run) id
 * @param chainId            stable id: 16 hex digits of the fingerprint of the chain's earliest event (by event
 *                           time, then fingerprint), so it does not depend on arrival order
 * @param intentId           intent id, or null (FIFO-matched emitter intents carry none)
 * @param orderId            client order id, or null
 * @param brokerOrderId      broker order id (linked by an ack), or null
 * @param symbol             instrument, or null
 * @param side               order side (else intent side, else fill side); {@link Side#UNKNOWN} when none carried one
 * @param mode               lower-cased mode, or null
 * @param exchange           exchange, or null
 * @param strategy           strategy id, or null
 * @param outcome            how the chain ended
 * @param closeReason        what closed it: {@code full_fill}, {@code cancel}, {@code risk_block}, {@code error},
 *                           {@code intent_timeout}, {@code order_timeout} or {@code idle}
 * @param reason             the risk-block or cancel reason or the error message, or null
 * @param quantity           order quantity, else intent quantity, else NaN
 * @param filledQuantity     sum of the distinct fills' quantities (0 when none)
 * @param fillCount          number of distinct fill events
 * @param avgFillPrice       quantity-weighted average fill price (VWAP), NaN without priced fills
 * @param notional           sum of fill notionals (quantity × price where a fill reports none), 0 without fills
 * @param fees               sum of fill fees, 0 without fills
 * @param firstEventTsMicros event time of the chain's earliest event
 * @param intentTsMicros     intent event time
 * @param orderTsMicros      submit event time
 * @param ackTsMicros        earliest ack event time
 * @param firstFillTsMicros  earliest fill event time
 * @param lastFillTsMicros   latest fill event time
 * @param closeTsMicros      event time at which the chain ended (the deciding event, or the expired deadline, or
 *                           the session clock for an idle close); also the output record's timestamp
 * @param eventCount         distinct events that joined the chain
 * @param clockProblems      edges that came out negative (counted, not recorded)
 * @param latencyMs          latency per existing edge in milliseconds (microsecond resolution)
 */
public record ClosedChain(
        String sessionId,
        String chainId,
        String intentId,
        String orderId,
        String brokerOrderId,
        String symbol,
        Side side,
        String mode,
        String exchange,
        String strategy,
        ChainOutcome outcome,
        String closeReason,
        String reason,
        double quantity,
        double filledQuantity,
        int fillCount,
        double avgFillPrice,
        double notional,
        double fees,
        long firstEventTsMicros,
        long intentTsMicros,
        long orderTsMicros,
        long ackTsMicros,
        long firstFillTsMicros,
        long lastFillTsMicros,
        long closeTsMicros,
        int eventCount,
        int clockProblems,
        Map<LatencyEdge, Double> latencyMs) implements CorrelationOutput {

    /** Sentinel for an absent event time ({@link IsoTimestamp#format} writes it as {@code null}). */
    public static final long ABSENT_TS = IsoTimestamp.ABSENT;

    public ClosedChain {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(closeReason, "closeReason");
        side = side == null ? Side.UNKNOWN : side;
        final EnumMap<LatencyEdge, Double> copy = new EnumMap<>(LatencyEdge.class);
        if (latencyMs != null) {
            copy.putAll(latencyMs);
        }
        latencyMs = Collections.unmodifiableMap(copy);
    }

    /** The latency of an edge in milliseconds, or NaN when the edge does not exist for this chain. */
    public double latency(final LatencyEdge edge) {
        final Double value = latencyMs.get(edge);
        return value == null ? Double.NaN : value;
    }

    public boolean hasIntent() {
        return intentTsMicros != ABSENT_TS;
    }

    public boolean hasOrder() {
        return orderTsMicros != ABSENT_TS;
    }

    /** Close time in epoch milliseconds (the Kafka record timestamp). */
    public long closeTsMillis() {
        return Math.floorDiv(closeTsMicros, 1000L);
    }

    @Override
    public long recordTsMillis() {
        return closeTsMillis();
    }
}
