package io.exectrace.streams.venue;

import io.exectrace.events.VenueFill;
import io.exectrace.streams.reconciliation.FillFacts;
import java.util.ArrayList;
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

    /**
     * {@code state} (null: nothing yet) with the input added, or {@code state} itself when the input changes nothing
     * (a redelivered venue fill). The last arrival is the latest of the inputs'.
     */
    static OrderSides with(final OrderSides state, final ReconciliationInput in) {
        final List<OrderRef> orders = state == null ? new ArrayList<>() : new ArrayList<>(state.orders());
        final List<PendingOurs> ours = state == null ? new ArrayList<>() : new ArrayList<>(state.ours());
        final List<PendingVenue> venue = state == null ? new ArrayList<>() : new ArrayList<>(state.venue());
        final List<String> ids = state == null ? new ArrayList<>() : new ArrayList<>(state.venueTradeIds());
        if (in.isVenue()) {
            if (ids.contains(in.venue().tradeId())) {
                return state;
            }
            ids.add(in.venue().tradeId());
            venue.add(new PendingVenue(in.venue(), in.arrivalMillis()));
        } else {
            if (orders.stream().noneMatch(o -> o.sessionId().equals(in.sessionId()))) {
                orders.add(new OrderRef(in.sessionId(), in.clientOrderId(), in.exchange(), in.mode()));
            }
            if (in.ours() != null) {
                ours.add(new PendingOurs(in.sessionId(), in.ours()));
            }
        }
        return new OrderSides(orders, ours, venue, ids,
                state == null ? in.arrivalMillis() : Math.max(state.lastArrivalMillis(), in.arrivalMillis()));
    }

    boolean nothingPending() {
        return ours.isEmpty() && venue.isEmpty();
    }
}
