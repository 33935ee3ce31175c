package io.exectrace.streams.reconciliation;

import io.exectrace.events.VenueFill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which of our orders a venue fill belongs to: the order whose broker order id is the fill's venue order id;
 * else, when the fill echoes a client order id, the order with that client order id that has no broker order id
 * (the venue's own id decides where we know it) and was live at the fill's time: the fill's time lies within the
 * order's events' span widened by the reconciliation window ({@link OrderSpan#liveAt}). Client order ids repeat
 * from run to run ({@code c-0001} in every session), so only time tells the runs apart. An id that two of our
 * orders claim matches neither: the fill is never guessed onto a session.
 */
public final class OrderLookup {
    private final long windowMicros;
    private final Map<String, List<OurOrder>> byBrokerOrderId = new HashMap<>();
    private final Map<String, List<OurOrder>> byClientOrderId = new HashMap<>();

    /** @param window how far outside its order's span a venue fill found by client order id may lie */
    public OrderLookup(final Duration window) {
        this.windowMicros = window.toNanos() / 1_000L;
    }

    /** Adds one of our orders (an order with neither id can never be found). */
    public void add(final OurOrder order) {
        if (order.brokerOrderId() != null) {
            byBrokerOrderId.computeIfAbsent(order.brokerOrderId(), k -> new ArrayList<>(1)).add(order);
        } else if (order.clientOrderId() != null) {
            byClientOrderId.computeIfAbsent(order.clientOrderId(), k -> new ArrayList<>(1)).add(order);
        }
    }

    /** Our order for {@code fill}, or null when none (or more than one) is it. */
    public OurOrder find(final VenueFill fill) {
        final List<OurOrder> byVenueId = atVenue(byBrokerOrderId.get(fill.venueOrderId()), fill.venue());
        if (!byVenueId.isEmpty()) {
            return byVenueId.size() == 1 ? byVenueId.get(0) : null;
        }
        if (fill.clientOrderId() == null) {
            return null;
        }
        final List<OurOrder> byClientId = atVenue(byClientOrderId.get(fill.clientOrderId()), fill.venue()).stream()
                .filter(o -> o.span().liveAt(fill.tsMicros(), windowMicros)).toList();
        return byClientId.size() == 1 ? byClientId.get(0) : null;
    }

    private static List<OurOrder> atVenue(final List<OurOrder> orders, final String venue) {
        return orders == null ? List.of() : orders.stream().filter(o -> o.atVenue(venue)).toList();
    }
}
