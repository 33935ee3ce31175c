package io.exectrace.streams.venue;

import io.exectrace.streams.reconciliation.OrderSpan;

/**
 * An entry of the client-order-id stage: one order of ours (a session's events with one client order id), with its
 * undecided fills, when it was live and whether any of its events carried a broker order id (then the venue names
 * it by that id, and the fallback never picks it); or, under the id alone, the venue fills that found no order yet.
 */
record ClientOrder(OrderSides sides, OrderSpan span, boolean brokerOrderIdSet) {

    /** The venue fills waiting for an order with this client order id: no order, no span. */
    static ClientOrder held(final OrderSides sides) {
        return new ClientOrder(sides, OrderSpan.ALWAYS, false);
    }

    /** This entry with {@code in}, one of our events or a venue fill placed on this order, added. */
    ClientOrder with(final ReconciliationInput in) {
        final OrderSides added = OrderSides.with(sides, in);
        if (added == sides) {
            return this;
        }
        return in.isVenue() ? new ClientOrder(added, span, brokerOrderIdSet)
                : new ClientOrder(added, span.with(in.eventTsMicros()), brokerOrderIdSet || in.brokerOrderIdSet());
    }

    /** The first entry of an order, from one of our events. */
    static ClientOrder of(final ReconciliationInput ours) {
        return new ClientOrder(OrderSides.with(null, ours), OrderSpan.at(ours.eventTsMicros()),
                ours.brokerOrderIdSet());
    }

    /** Whether a venue fill of {@code venue} at {@code tsMicros} may be this order's by its client order id. */
    boolean candidateFor(final String venue, final long tsMicros, final long windowMicros) {
        return !brokerOrderIdSet && sides.orders().size() == 1 && sides.orders().get(0).atVenue(venue)
                && span.liveAt(tsMicros, windowMicros);
    }
}
