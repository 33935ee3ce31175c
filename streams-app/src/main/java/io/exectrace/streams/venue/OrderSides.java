package io.exectrace.streams.venue;

import io.exectrace.events.VenueFill;
import io.exectrace.streams.reconciliation.FillFacts;
import java.util.List;

/**
 * The reconciliation state of one venue order id: our orders that carry it (normally one), both sides' fills not
 * decided yet, the venue trade ids seen (redeliveries are dropped) and when the last record for it arrived.
 */
record OrderSides(List<OrderRef> orders, List<PendingOurs> ours, List<PendingVenue> venue, List<String> venueTradeIds,
                  long lastArrivalMillis) {

    /** One of our orders: the session and ids our events carry. */
    record OrderRef(String sessionId, String clientOrderId, String exchange, String mode) {
        /** Our events name no venue, or this one (case ignored): order ids are per venue. */
        boolean atVenue(final String venue) {
            return exchange == null || exchange.equalsIgnoreCase(venue);
        }
    }

    /** Our fill, undecided, and its session. */
    record PendingOurs(String sessionId, FillFacts fill) {
    }

    /** The venue's fill, undecided, and when it arrived (wall ms). */
    record PendingVenue(VenueFill fill, long arrivalMillis) {
    }

    boolean nothingPending() {
        return ours.isEmpty() && venue.isEmpty();
    }
}
