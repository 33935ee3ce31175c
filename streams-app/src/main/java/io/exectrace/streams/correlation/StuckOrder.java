package io.exectrace.streams.correlation;

import io.exectrace.events.Side;

/**
 * An order that has been open longer than the stuck-order time (on its session's event clock or on the arrival
 * clock) without a fill, cancel or reject: reported once, before it could close as missing_fill.
 *
 * @param sessionId       session id
 * @param chainId         the chain's stable id (as {@link ClosedChain#chainId()} once it closes)
 * @param intentId        intent id, or null
 * @param orderId         client order id, or null
 * @param brokerOrderId   broker order id, or null
 * @param symbol          instrument, or null
 * @param side            order side, {@link Side#UNKNOWN} when none
 * @param mode            lower-cased mode, or null
 * @param exchange        exchange, or null
 * @param orderTsMicros   submit event time
 * @param eventAgeMillis  the session clock minus the submit time
 * @param arrivalAgeMillis the arrival clock minus the submit's arrival, -1 when no arrival clock runs
 * @param thresholdMillis the stuck-order time
 * @param fills           fills so far (a partially filled order can be stuck too)
 * @param detectedAtMillis the arrival clock (wall time, epoch ms) when it was found stuck
 */
public record StuckOrder(
        String sessionId,
        String chainId,
        String intentId,
        String orderId,
        String brokerOrderId,
        String symbol,
        Side side,
        String mode,
        String exchange,
        long orderTsMicros,
        long eventAgeMillis,
        long arrivalAgeMillis,
        long thresholdMillis,
        int fills,
        long detectedAtMillis) implements CorrelationOutput {

    static StuckOrder of(final SessionState s, final OpenChain c, final long arrivalNow, final long thresholdMillis) {
        final long arrivalAge = arrivalNow == OpenChain.ABSENT || c.orderArrivalMillis == OpenChain.ABSENT
                ? -1L : arrivalNow - c.orderArrivalMillis;
        return new StuckOrder(s.sessionId, ChainCorrelator.hex16(c.rootFp), c.intentId, c.orderId, c.brokerOrderId,
                c.symbol, c.side, c.mode, c.exchange, c.submitTs, Math.floorDiv(s.clock() - c.submitTs, 1_000L),
                arrivalAge, thresholdMillis, c.fillCount, arrivalNow);
    }

    /** The larger of the two ages: how long the order has been open by the clock that has moved further. */
    public long ageMillis() {
        return Math.max(eventAgeMillis, arrivalAgeMillis);
    }

    @Override
    public long recordTsMillis() {
        return Math.floorDiv(orderTsMicros, 1_000L) + eventAgeMillis;
    }
}
