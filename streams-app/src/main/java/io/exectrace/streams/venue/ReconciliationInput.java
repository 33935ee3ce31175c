package io.exectrace.streams.venue;

import io.exectrace.events.VenueFill;
import io.exectrace.streams.reconciliation.FillFacts;

/**
 * What reaches a reconciliation processor under a venue order id (or, for the client-order-id fallback, a client
 * order id): one of the venue's fills, or one of our events that names the order (it registers the order; a fill
 * also brings one of our fills).
 *
 * @param sessionId        our session, null for a venue fill
 * @param clientOrderId    our client order id, or null
 * @param exchange         the venue our event names, or null
 * @param mode             our session's mode, or null
 * @param ours             our fill (its arrival is the wall-clock arrival, ms), or null
 * @param venue            the venue's fill, or null for our side
 * @param arrivalMillis    when the record reached the pipeline, wall clock, epoch ms
 * @param eventTsMicros    our event's time, epoch microseconds (0 for a venue fill, and in records written before
 *                         the field was added)
 * @param brokerOrderIdSet whether our event carries a broker order id (then its order is found by that id only)
 */
public record ReconciliationInput(String sessionId, String clientOrderId, String exchange, String mode,
                                  FillFacts ours, VenueFill venue, long arrivalMillis, long eventTsMicros,
                                  boolean brokerOrderIdSet) {

    /** One of the venue's fills. */
    static ReconciliationInput venue(final VenueFill fill, final long arrivalMillis) {
        return new ReconciliationInput(null, null, null, null, null, fill, arrivalMillis, 0L, false);
    }

    boolean isVenue() {
        return venue != null;
    }
}
