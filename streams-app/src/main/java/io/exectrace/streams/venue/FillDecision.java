package io.exectrace.streams.venue;

import io.exectrace.events.VenueFill;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.ReconciliationResult;

/**
 * One reconciliation decision as the stream makes it: the result, both sides' values and how long the fill waited.
 *
 * @param sessionId      our session, or null for a venue fill that matches no order of ours (venue level)
 * @param venueOrderId   the venue order id (our broker order id; the venue fill's), or null for our fill of an order
 *                       found by client order id that no venue fill matched
 * @param clientOrderId  our client order id, or null
 * @param mode           our session's mode, or null
 * @param exchange       the venue (the venue fill's, else the one our events name), or null
 * @param result         the decision; null only between the two stages, for a venue fill handed on to the
 *                       client-order-id fallback ({@link OrderDecisions#isFallback}), which is never stored
 * @param ours           our fill, null for {@code missing_in_ledger}
 * @param venue          the venue's fill, null for {@code missing_at_venue}
 * @param lagMillis      reconciliation lag: from the arrival of the first of the two sides to the decision, wall ms
 * @param decidedMillis  when it was decided, wall clock, epoch ms
 */
public record FillDecision(String sessionId, String venueOrderId, String clientOrderId, String mode,
                           String exchange, ReconciliationResult result, FillFacts ours, VenueFill venue,
                           long lagMillis, long decidedMillis) {

    /** The earlier of the two sides' fill times, epoch microseconds. */
    public long tsMicros() {
        return ours == null ? venue.tsMicros() : venue == null ? ours.tsMicros()
                : Math.min(ours.tsMicros(), venue.tsMicros());
    }
}
