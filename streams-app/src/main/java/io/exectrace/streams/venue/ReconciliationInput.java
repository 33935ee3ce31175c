package io.exectrace.streams.venue;

import io.exectrace.events.VenueFill;
import io.exectrace.streams.reconciliation.FillFacts;

/**
 * What reaches the reconciliation processor under a venue order id: one of the venue's fills, or one of our events
 * that names the order (an ack registers the order, a fill registers it and brings one of our fills).
 *
 * @param sessionId     our session, null for a venue fill
 * @param clientOrderId our client order id, or null
 * @param exchange      the venue our event names, or null
 * @param mode          our session's mode, or null
 * @param ours          our fill (its arrival is the wall-clock arrival, ms), or null
 * @param venue         the venue's fill, or null for our side
 * @param arrivalMillis when the record reached the pipeline, wall clock, epoch ms
 */
public record ReconciliationInput(String sessionId, String clientOrderId, String exchange, String mode,
                                  FillFacts ours, VenueFill venue, long arrivalMillis) {

    /** One of the venue's fills. */
    static ReconciliationInput venue(final VenueFill fill, final long arrivalMillis) {
        return new ReconciliationInput(null, null, null, null, null, fill, arrivalMillis);
    }

    boolean isVenue() {
        return venue != null;
    }
}
