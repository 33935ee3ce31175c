package io.exectrace.streams.reconciliation;

import io.exectrace.events.VenueFill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reconciliation of everything at once (files): our orders and fills, the venue's fills, then {@link #finish()}.
 * Venue fills find their order through {@link OrderLookup}, fills pair per order through
 * {@link OrderReconciliation}: the same rules the stream applies one record at a time.
 *
 * <p>Our fills find their order within their session by broker order id, else client order id; a fill whose ids
 * name no order given here makes an order of its own from them, and a fill with neither id can only be
 * {@code missing_at_venue} (the venue could not name it either).
 */
public final class ReconciliationRun {
    /** The default of {@code reconciliation.window}, also how far a venue fill may lie from an order it finds by client order id. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    private final ReconciliationTolerance tolerance;
    private final Duration window;
    private final List<OurOrder> orders = new ArrayList<>();
    private final List<OurFill> ourFills = new ArrayList<>();
    private final List<VenueSide> venueFills = new ArrayList<>();

    /**
     * @param window how far (event time) outside its order's span a venue fill found by client order id may lie
     *               ({@link OrderLookup})
     */
    public ReconciliationRun(final ReconciliationTolerance tolerance, final Duration window) {
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.window = Objects.requireNonNull(window, "window");
    }

    /** One of our orders (a chain with a client or broker order id). */
    public void addOrder(final OurOrder order) {
        orders.add(Objects.requireNonNull(order, "order"));
    }

    /**
     * One of our fills, with the ids it carries.
     *
     * @param exchange the venue the fill names, or null
     */
    public void addOurFill(final String sessionId, final String clientOrderId, final String brokerOrderId,
                           final String exchange, final FillFacts fill) {
        ourFills.add(new OurFill(new OurOrder(Objects.requireNonNull(sessionId, "sessionId"), clientOrderId,
                brokerOrderId, exchange), Objects.requireNonNull(fill, "fill")));
    }

    /** One of the venue's fills; {@code arrival} orders equal times and is handed back in {@link FillFacts}. */
    public void addVenueFill(final VenueFill fill, final long arrival) {
        venueFills.add(new VenueSide(fill, FillFacts.ofVenue(fill, arrival)));
    }

    /** Every fill decided: per session (sorted by id, each in time order) and at venue level. */
    public ReconciliationReport finish() {
        final Map<OurOrder, OrderReconciliation> byOrder = new LinkedHashMap<>();
        final Map<String, SessionOrders> sessions = new TreeMap<>();
        for (final OurOrder order : orders) {
            sessions.computeIfAbsent(order.sessionId(), k -> new SessionOrders()).add(order);
        }
        for (final OurFill fill : ourFills) {
            final SessionOrders known = sessions.computeIfAbsent(fill.ids().sessionId(), k -> new SessionOrders());
            final OurOrder order = known.orderOf(fill.ids());
            byOrder.computeIfAbsent(order, k -> new OrderReconciliation(tolerance)).addOurs(fill.facts());
        }
        final OrderLookup lookup = new OrderLookup(window);
        sessions.values().forEach(s -> s.orders.forEach(lookup::add));
        // By identity: the pairing hands back the very FillFacts it was given.
        final Map<FillFacts, VenueFill> venueFillOf = new IdentityHashMap<>();
        final List<ReconciledFill> unknownOrders = new ArrayList<>();
        for (final VenueSide side : venueFills) {
            final OurOrder order = lookup.find(side.fill());
            if (order == null) {
                unknownOrders.add(new ReconciledFill(
                        new FillMatch(ReconciliationResult.MISSING_IN_LEDGER, null, side.facts()), null, side.fill()));
            } else if (byOrder.computeIfAbsent(order, k -> new OrderReconciliation(tolerance))
                    .addVenue(side.facts())) {
                venueFillOf.put(side.facts(), side.fill());
            }
        }
        final Map<String, List<ReconciledFill>> bySession = new TreeMap<>();
        sessions.keySet().forEach(id -> bySession.put(id, new ArrayList<>()));
        byOrder.forEach((order, fills) -> {
            for (final FillMatch match : fills.close()) {
                bySession.get(order.sessionId()).add(new ReconciledFill(match, order,
                        match.venue() == null ? null : venueFillOf.get(match.venue())));
            }
        });
        bySession.values().forEach(list -> list.sort(ReconciledFill.TIME_ORDER));
        unknownOrders.sort(ReconciledFill.TIME_ORDER);
        return new ReconciliationReport(bySession, unknownOrders);
    }

    private record OurFill(OurOrder ids, FillFacts facts) {
    }

    private record VenueSide(VenueFill fill, FillFacts facts) {
    }

    /** A session's orders, found by broker order id first, then client order id. */
    private static final class SessionOrders {
        final List<OurOrder> orders = new ArrayList<>();
        final Map<String, OurOrder> byBrokerOrderId = new HashMap<>();
        final Map<String, OurOrder> byClientOrderId = new HashMap<>();

        void add(final OurOrder order) {
            orders.add(order);
            if (order.brokerOrderId() != null) {
                byBrokerOrderId.putIfAbsent(order.brokerOrderId(), order);
            }
            if (order.clientOrderId() != null) {
                byClientOrderId.putIfAbsent(order.clientOrderId(), order);
            }
        }

        /** The order these ids name, made from them when none does (then it is one of the session's orders). */
        OurOrder orderOf(final OurOrder ids) {
            OurOrder order = ids.brokerOrderId() == null ? null : byBrokerOrderId.get(ids.brokerOrderId());
            if (order == null && ids.clientOrderId() != null) {
                order = byClientOrderId.get(ids.clientOrderId());
            }
            if (order == null) {
                order = ids;
                add(order);
            }
            return order;
        }
    }
}
