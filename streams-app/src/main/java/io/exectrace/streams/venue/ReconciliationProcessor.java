package io.exectrace.streams.venue;

import io.exectrace.streams.metrics.PipelineMetrics;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.FillMatch;
import io.exectrace.streams.reconciliation.OrderReconciliation;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import io.exectrace.streams.reconciliation.ReconciliationTolerance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reconciles per venue order id (the record key): our orders and fills and the venue's fills meet here, in a
 * change-logged store. Each record decides what is certain already ({@link OrderReconciliation#settle()}); a
 * wall-clock punctuation closes an order once {@code reconciliation.window} has passed since the last of its pending
 * fills arrived ({@link OrderReconciliation#close()}). Decisions go on keyed by session id, or by venue for a venue
 * fill that matches no order of ours ({@link FillDecision#sessionId()} null).
 *
 * <p>A venue fill finds its order by venue order id only (the key); the client-order-id fallback of the viewer
 * ({@code OrderLookup}) needs a lookup across keys and is left to {@code view --reconcile}. An id that two of our
 * sessions claim matches neither: its venue fills end at venue level.
 */
public final class ReconciliationProcessor implements Processor<String, ReconciliationInput, String, FillDecision> {
    /** How often a batch of idle orders is looked at for removal. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** Orders looked at per sweep: a store of a million orders is walked in about 17 hours, well within a retention. */
    static final int SWEEP_BATCH = 1_000;
    private final String storeName;
    private final Duration window;
    private final Duration keepIdle;
    private final ReconciliationTolerance tolerance;
    private final PipelineMetrics metrics;
    private final StaleEntrySweep<OrderSides> idleOrders;
    /**
     * The orders with fills still undecided and when their last record arrived: the window is checked on these
     * only, not on the whole store (which keeps every order of a retention). Rebuilt from the store at start.
     */
    private final Map<String, Long> pendingSince = new HashMap<>();
    private ProcessorContext<String, FillDecision> context;
    private KeyValueStore<String, OrderSides> store;

    /**
     * @param keepIdle how long an order with nothing pending is kept after its last record (so a late venue fill
     *                 still finds its session): the session retention
     */
    public ReconciliationProcessor(final String storeName, final Duration window, final Duration keepIdle,
                                   final ReconciliationTolerance tolerance, final PipelineMetrics metrics) {
        this.storeName = storeName;
        this.window = window;
        this.keepIdle = keepIdle;
        this.tolerance = tolerance;
        this.metrics = metrics;
        this.idleOrders = new StaleEntrySweep<>(SWEEP_BATCH, (state, now) -> state.nothingPending()
                && state.lastArrivalMillis() + keepIdle.toMillis() <= now);
    }

    /** How often the punctuation looks for orders due: a tenth of the window, between 1 s and 30 s. */
    public static Duration checkInterval(final Duration window) {
        final Duration tenth = window.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : tenth.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : tenth;
    }

    @Override
    public void init(final ProcessorContext<String, FillDecision> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        try (KeyValueIterator<String, OrderSides> all = store.all()) {
            all.forEachRemaining(entry -> track(entry.key, entry.value));
        }
        context.schedule(checkInterval(window), PunctuationType.WALL_CLOCK_TIME, this::closeDue);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> idleOrders.sweep(store, now));
    }

    @Override
    public void process(final Record<String, ReconciliationInput> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        final OrderSides before = store.get(record.key());
        final OrderSides after = add(before, record.value());
        if (after != before) {
            final OrderSides left = decide(record.key(), after, context.currentSystemTimeMs(), false,
                    record.timestamp());
            store.put(record.key(), left);
            track(record.key(), left);
        }
    }

    private void track(final String venueOrderId, final OrderSides state) {
        if (state.nothingPending()) {
            pendingSince.remove(venueOrderId);
        } else {
            pendingSince.put(venueOrderId, state.lastArrivalMillis());
        }
    }

    /** {@code state} with the input added, or {@code state} itself when the input changes nothing (a redelivery). */
    private static OrderSides add(final OrderSides state, final ReconciliationInput in) {
        final List<OrderSides.OrderRef> orders = state == null ? new ArrayList<>() : new ArrayList<>(state.orders());
        final List<OrderSides.PendingOurs> ours = state == null ? new ArrayList<>() : new ArrayList<>(state.ours());
        final List<OrderSides.PendingVenue> venue = state == null ? new ArrayList<>() : new ArrayList<>(state.venue());
        final List<String> ids = state == null ? new ArrayList<>() : new ArrayList<>(state.venueTradeIds());
        if (in.isVenue()) {
            if (ids.contains(in.venue().tradeId())) {
                return state;
            }
            ids.add(in.venue().tradeId());
            venue.add(new OrderSides.PendingVenue(in.venue(), in.arrivalMillis()));
        } else {
            if (orders.stream().noneMatch(o -> o.sessionId().equals(in.sessionId()))) {
                orders.add(new OrderSides.OrderRef(in.sessionId(), in.clientOrderId(), in.exchange(), in.mode()));
            }
            if (in.ours() != null) {
                ours.add(new OrderSides.PendingOurs(in.sessionId(), in.ours()));
            }
        }
        return new OrderSides(orders, ours, venue, ids, in.arrivalMillis());
    }

    /** Closes the orders whose window has passed (idle ones are forgotten by the sweep). */
    private void closeDue(final long now) {
        final List<String> due = new ArrayList<>();
        pendingSince.forEach((venueOrderId, lastArrival) -> {
            if (lastArrival + window.toMillis() <= now) {
                due.add(venueOrderId);
            }
        });
        due.sort(null);     // the same order of decisions on every run, whatever the hash map's
        for (final String venueOrderId : due) {
            final OrderSides left = decide(venueOrderId, store.get(venueOrderId), now, true,
                    Math.max(0L, context.currentStreamTimeMs()));
            store.put(venueOrderId, left);
            track(venueOrderId, left);
        }
    }

    /**
     * Decides what can be decided (everything when {@code closing}), forwards it with the record timestamp
     * {@code recordTs}, and returns what is left. The output's timestamp is the input record's (or, from the
     * punctuation, the task's stream time), never the wall clock: a wall-clock timestamp would move the stream time
     * of whatever task reads the decisions (in a TopologyTestDriver, of every processor) ahead of the event time.
     */
    private OrderSides decide(final String venueOrderId, final OrderSides state, final long now,
                              final boolean closing, final long recordTs) {
        final Map<OrderSides.OrderRef, OrderReconciliation> byOrder = new LinkedHashMap<>();
        for (final OrderSides.PendingOurs o : state.ours()) {
            byOrder.computeIfAbsent(orderOf(state, o.sessionId()), k -> new OrderReconciliation(tolerance))
                    .addOurs(o.fill());
        }
        final List<OrderSides.PendingVenue> unplaced = new ArrayList<>();
        final Map<String, OrderSides.PendingVenue> venueByTradeId = new LinkedHashMap<>();
        for (final OrderSides.PendingVenue v : state.venue()) {
            final OrderSides.OrderRef order = onlyCandidate(state, v.fill().venue());
            if (order == null) {
                unplaced.add(v);
            } else {
                venueByTradeId.put(v.fill().tradeId(), v);
                byOrder.computeIfAbsent(order, k -> new OrderReconciliation(tolerance))
                        .addVenue(FillFacts.ofVenue(v.fill(), v.arrivalMillis()));
            }
        }
        final List<OrderSides.PendingOurs> oursLeft = new ArrayList<>();
        final List<OrderSides.PendingVenue> venueLeft = new ArrayList<>();
        byOrder.forEach((order, fills) -> {
            for (final FillMatch match : closing ? fills.close() : fills.settle()) {
                emit(venueOrderId, order, match, venueByTradeId, now, recordTs);
            }
            fills.pendingOurs().forEach(f -> oursLeft.add(new OrderSides.PendingOurs(order.sessionId(), f)));
            fills.pendingVenue().forEach(f -> venueLeft.add(venueByTradeId.get(f.tradeId())));
        });
        for (final OrderSides.PendingVenue v : unplaced) {
            if (closing) {
                final FillFacts facts = FillFacts.ofVenue(v.fill(), v.arrivalMillis());
                forward(new FillDecision(null, venueOrderId, v.fill().clientOrderId(), null, v.fill().venue(),
                        ReconciliationResult.MISSING_IN_LEDGER, null, v.fill(), now - facts.arrival(), now), recordTs);
            } else {
                venueLeft.add(v);
            }
        }
        return new OrderSides(state.orders(), oursLeft, venueLeft, state.venueTradeIds(), state.lastArrivalMillis());
    }

    private void emit(final String venueOrderId, final OrderSides.OrderRef order, final FillMatch match,
                      final Map<String, OrderSides.PendingVenue> venueByTradeId, final long now, final long recordTs) {
        final OrderSides.PendingVenue venue = match.venue() == null ? null : venueByTradeId.get(match.venue().tradeId());
        final long firstArrival = Math.min(match.ours() == null ? Long.MAX_VALUE : match.ours().arrival(),
                venue == null ? Long.MAX_VALUE : venue.arrivalMillis());
        forward(new FillDecision(order.sessionId(), venueOrderId, order.clientOrderId(), order.mode(),
                venue != null ? venue.fill().venue() : order.exchange(), match.result(), match.ours(),
                venue == null ? null : venue.fill(), Math.max(0L, now - firstArrival), now), recordTs);
    }

    private void forward(final FillDecision decision, final long recordTs) {
        metrics.reconciled(decision.mode(), decision.exchange(), decision.result(), decision.lagMillis());
        final String key = decision.sessionId() != null ? decision.sessionId() : decision.exchange();
        context.forward(new Record<>(key, decision, recordTs));
    }

    private static OrderSides.OrderRef orderOf(final OrderSides state, final String sessionId) {
        return state.orders().stream().filter(o -> o.sessionId().equals(sessionId)).findFirst().orElseThrow();
    }

    /** The one order of ours at {@code venue} that carries this id, or null when none or several do. */
    private static OrderSides.OrderRef onlyCandidate(final OrderSides state, final String venue) {
        final List<OrderSides.OrderRef> candidates = state.orders().stream().filter(o -> o.atVenue(venue)).toList();
        return candidates.size() == 1 ? candidates.get(0) : null;
    }
}
