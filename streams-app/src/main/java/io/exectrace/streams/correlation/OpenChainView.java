package io.exectrace.streams.correlation;

import io.exectrace.events.Side;
import java.time.Duration;

/**
 * An open chain (an order in flight, or an intent, or children waiting for their order) as the correlation state
 * holds it, for the open-chains query. Times are epoch microseconds of event time ({@code *TsMicros}) or epoch
 * milliseconds of the arrival clock ({@code *ArrivalMillis}); absent ones are {@link #ABSENT}, absent numbers NaN.
 *
 * @param sessionId           session id
 * @param seq                 the chain's number in its session (start order)
 * @param chainId             the stable chain id it will close with ({@link ClosedChain#chainId()})
 * @param intentId            intent id, or null
 * @param orderId             client order id, or null
 * @param brokerOrderId       broker order id, or null
 * @param symbol              instrument, or null
 * @param side                side, {@link Side#UNKNOWN} when none
 * @param mode                lower-cased mode, or null
 * @param exchange            exchange, or null
 * @param strategy            strategy id, or null
 * @param stage               how far it got: {@code intent}, {@code submitted}, {@code acked}, {@code partially_filled},
 *                            {@code ended} (settling before it closes) or {@code orphan} (children without order)
 * @param endReason           what ended it ({@code full_fill}, {@code cancel}, {@code risk_block}, {@code error}),
 *                            null while it has not ended
 * @param waitingFor          {@code intent} or {@code order} when it waits for a parent that has not arrived, else null
 * @param quantity            order quantity, else intent quantity, else NaN
 * @param filledQuantity      sum of its fills so far
 * @param fills               fills so far
 * @param eventCount          distinct events in it
 * @param firstEventTsMicros  event time of its earliest event
 * @param orderTsMicros       submit event time
 * @param sessionClockMicros  its session's event clock (latest event time) when read
 * @param deadlineTsMicros    event time after which it closes if nothing changes it (timeout, or end of settle)
 * @param firstArrivalMillis  arrival time of its first record
 * @param orderArrivalMillis  arrival time of its submit
 * @param endArrivalMillis    arrival time of the record that ended it
 * @param stuckReported       whether the stuck-order alert fired for it
 */
public record OpenChainView(
        String sessionId,
        long seq,
        String chainId,
        String intentId,
        String orderId,
        String brokerOrderId,
        String symbol,
        Side side,
        String mode,
        String exchange,
        String strategy,
        String stage,
        String endReason,
        String waitingFor,
        double quantity,
        double filledQuantity,
        int fills,
        int eventCount,
        long firstEventTsMicros,
        long orderTsMicros,
        long sessionClockMicros,
        long deadlineTsMicros,
        long firstArrivalMillis,
        long orderArrivalMillis,
        long endArrivalMillis,
        boolean stuckReported) {

    /** An absent time. */
    public static final long ABSENT = OpenChain.ABSENT;

    static OpenChainView of(final String sessionId, final OpenChain c, final long sessionClockMicros) {
        final String endReason = c.endReason();
        final String stage;
        if (endReason != null) {
            stage = "ended";
        } else if (c.hasOrder()) {
            stage = c.fillCount > 0 ? "partially_filled" : c.ackTs != OpenChain.ABSENT ? "acked" : "submitted";
        } else if (c.hasIntent()) {
            stage = "intent";
        } else {
            stage = "orphan";
        }
        final String waitingFor = !c.hasOrder() && c.hasOrderChildren() ? "order"
                : !c.hasIntent() && c.intentWait != OpenChain.WAIT_NONE ? "intent" : null;
        final double quantity = c.hasOrder() && !Double.isNaN(c.orderQty) ? c.orderQty : c.intentQty;
        return new OpenChainView(sessionId, c.seq, ChainCorrelator.hex16(c.rootFp), c.intentId, c.orderId,
                c.brokerOrderId, c.symbol, c.side, c.mode, c.exchange, c.strategy, stage, endReason, waitingFor,
                quantity, c.filledQty, c.fillCount, c.events, c.rootTs, c.submitTs, sessionClockMicros, c.deadline,
                c.firstArrivalMillis, c.orderArrivalMillis, c.endArrivalMillis, c.stuckReported);
    }

    /** Age on the session's event clock, in milliseconds (how much event time has passed since its first event). */
    public long eventAgeMillis() {
        return sessionClockMicros == ABSENT ? 0 : Math.floorDiv(sessionClockMicros - firstEventTsMicros, 1_000L);
    }

    /** Age on the arrival clock at {@code nowMillis}, or -1 when its arrival is unknown. */
    public long arrivalAgeMillis(final long nowMillis) {
        return firstArrivalMillis == ABSENT ? -1L : Math.max(0L, nowMillis - firstArrivalMillis);
    }

    /** Arrival time after which an ended chain closes at the latest, {@link #ABSENT} when not settling on it. */
    public long settleDueMillis(final Duration settleTime) {
        return endArrivalMillis == ABSENT || waitingFor != null ? ABSENT : endArrivalMillis + settleTime.toMillis();
    }
}
