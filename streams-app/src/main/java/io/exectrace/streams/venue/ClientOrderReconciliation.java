package io.exectrace.streams.venue;

import io.exectrace.streams.metrics.PipelineMetrics;
import io.exectrace.streams.reconciliation.ReconciliationTolerance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The client-order-id fallback, per client order id (the record key): a venue fill that found no order by its venue
 * order id within the window ({@link ReconciliationProcessor}) belongs to the one order of ours with that client
 * order id that carries no broker order id and was live at the fill's time (its events' span widened by the window,
 * {@code OrderLookup}'s rule). Client order ids repeat from run to run, so each order is an entry of its own
 * ({@code id \0 session}), found by a range read over the id; venue fills that find none wait under the id alone
 * ({@code id \0}) for an order that arrives late, and are {@code missing_in_ledger} at venue level when the window
 * has passed again. Our fills here are decided like those of the first stage, but wait two windows, since a venue
 * fill reaches this stage only after its first window.
 */
public final class ClientOrderReconciliation implements Processor<String, ReconciliationInput, String, FillDecision> {
    private static final char SEPARATOR = '\u0000';
    private final String storeName;
    private final Duration window;
    private final long windowMicros;
    private final ReconciliationTolerance tolerance;
    private final PipelineMetrics metrics;
    private final StaleEntrySweep<ClientOrder> idleEntries;
    private final PendingEntries pending = new PendingEntries();
    private ProcessorContext<String, FillDecision> context;
    private KeyValueStore<String, ClientOrder> store;
    private OrderDecisions decisions;

    /**
     * @param window   {@code reconciliation.window}: how far outside an order's span a venue fill may lie, and (twice)
     *                 how long undecided fills wait here
     * @param keepIdle how long an entry with nothing pending is kept after its last record: the session retention
     */
    public ClientOrderReconciliation(final String storeName, final Duration window, final Duration keepIdle,
                                     final ReconciliationTolerance tolerance, final PipelineMetrics metrics) {
        this.storeName = storeName;
        this.window = window;
        this.windowMicros = window.toNanos() / 1_000L;
        this.tolerance = tolerance;
        this.metrics = metrics;
        this.idleEntries = new StaleEntrySweep<>(ReconciliationProcessor.SWEEP_BATCH, (entry, now) ->
                entry.sides().nothingPending() && entry.sides().lastArrivalMillis() + keepIdle.toMillis() <= now);
    }

    @Override
    public void init(final ProcessorContext<String, FillDecision> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.decisions = new OrderDecisions(tolerance, metrics, false, context);
        try (KeyValueIterator<String, ClientOrder> all = store.all()) {
            all.forEachRemaining(entry -> pending.track(entry.key, entry.value.sides()));
        }
        context.schedule(ReconciliationProcessor.checkInterval(window),
                PunctuationType.WALL_CLOCK_TIME, this::closeDue);
        context.schedule(ReconciliationProcessor.SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
                now -> idleEntries.sweep(store, now));
    }

    @Override
    public void process(final Record<String, ReconciliationInput> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        final String clientOrderId = record.key();
        final ReconciliationInput in = record.value();
        final long now = context.currentSystemTimeMs();
        if (in.isVenue()) {
            placeOrHold(clientOrderId, new OrderSides.PendingVenue(in.venue(), in.arrivalMillis()), now,
                    record.timestamp());
            return;
        }
        final String key = orderKey(clientOrderId, in.sessionId());
        final ClientOrder before = store.get(key);
        if (before != null && before.brokerOrderIdSet() && in.ours() == null) {
            return;     // the venue names this order by its broker order id: its span no longer matters here
        }
        settleAndPut(key, before == null ? ClientOrder.of(in) : before.with(in), now, record.timestamp());
        placeHeld(clientOrderId, now, record.timestamp());
    }

    /** Puts the venue fill on the one order live at its time, or holds it under the client order id. */
    private void placeOrHold(final String clientOrderId, final OrderSides.PendingVenue fill, final long now,
                             final long recordTs) {
        final ReconciliationInput in = ReconciliationInput.venue(fill.fill(), fill.arrivalMillis());
        final String order = onlyLiveOrder(clientOrderId, fill);
        if (order != null) {
            settleAndPut(order, store.get(order).with(in), now, recordTs);
        } else {
            final String key = heldKey(clientOrderId);
            final ClientOrder held = store.get(key);
            final ClientOrder after = held == null ? ClientOrder.held(OrderSides.with(null, in)) : held.with(in);
            if (after != held) {
                put(key, after);
            }
        }
    }

    /** Places the held venue fills that now find their one order (one of ours has just arrived). */
    private void placeHeld(final String clientOrderId, final long now, final long recordTs) {
        final String key = heldKey(clientOrderId);
        if (!pending.has(key)) {
            return;     // nothing held: no store read (a miss would go down to RocksDB) for each of our events
        }
        final ClientOrder held = store.get(key);
        if (held == null || held.sides().venue().isEmpty()) {
            return;
        }
        final List<OrderSides.PendingVenue> left = new ArrayList<>();
        for (final OrderSides.PendingVenue fill : held.sides().venue()) {
            final String order = onlyLiveOrder(clientOrderId, fill);
            if (order == null) {
                left.add(fill);
            } else {
                settleAndPut(order, store.get(order).with(ReconciliationInput.venue(fill.fill(), fill.arrivalMillis())),
                        now, recordTs);
            }
        }
        if (left.size() != held.sides().venue().size()) {
            put(key, ClientOrder.held(withVenue(held.sides(), left)));
        }
    }

    /** Closes the entries whose two windows have passed (idle ones are forgotten by the sweep). */
    private void closeDue(final long now) {
        final long recordTs = Math.max(0L, context.currentStreamTimeMs());
        for (final String key : pending.due(now, 2 * window.toMillis())) {
            final ClientOrder entry = store.get(key);
            if (entry == null) {
                pending.forget(key);
            } else if (isHeld(key)) {
                final String clientOrderId = key.substring(0, key.length() - 1);
                for (final OrderSides.PendingVenue fill : entry.sides().venue()) {
                    final String order = onlyLiveOrder(clientOrderId, fill);
                    if (order == null) {
                        decisions.missingInLedger(fill, now, recordTs);
                    } else {
                        settleAndPut(order, store.get(order).with(
                                ReconciliationInput.venue(fill.fill(), fill.arrivalMillis())), now, recordTs);
                    }
                }
                put(key, ClientOrder.held(withVenue(entry.sides(), List.of())));
            } else {
                put(key, new ClientOrder(decisions.decide(null, entry.sides(), now, true, recordTs), entry.span(),
                        entry.brokerOrderIdSet()));
            }
        }
    }

    /**
     * The key of the one order with this client order id that may take {@code fill} (no broker order id, at the
     * fill's venue, live at its time), or null when none or several may.
     */
    private String onlyLiveOrder(final String clientOrderId, final OrderSides.PendingVenue fill) {
        final String prefix = heldKey(clientOrderId);
        String found = null;
        try (KeyValueIterator<String, ClientOrder> orders = store.range(prefix, clientOrderId + (char) (SEPARATOR + 1))) {
            while (orders.hasNext()) {
                final var entry = orders.next();
                if (entry.key.length() > prefix.length() && entry.key.startsWith(prefix)
                        && entry.value.candidateFor(fill.fill().venue(), fill.fill().tsMicros(), windowMicros)) {
                    if (found != null) {
                        return null;
                    }
                    found = entry.key;
                }
            }
        }
        return found;
    }

    private void settleAndPut(final String key, final ClientOrder entry, final long now, final long recordTs) {
        put(key, new ClientOrder(decisions.decide(null, entry.sides(), now, false, recordTs), entry.span(),
                entry.brokerOrderIdSet()));
    }

    private void put(final String key, final ClientOrder entry) {
        store.put(key, entry);
        pending.track(key, entry.sides());
    }

    private static OrderSides withVenue(final OrderSides sides, final List<OrderSides.PendingVenue> venue) {
        return new OrderSides(sides.orders(), sides.ours(), venue, sides.venueTradeIds(), sides.lastArrivalMillis());
    }

    static String orderKey(final String clientOrderId, final String sessionId) {
        return clientOrderId + SEPARATOR + sessionId;
    }

    static String heldKey(final String clientOrderId) {
        return clientOrderId + SEPARATOR;
    }

    private static boolean isHeld(final String key) {
        return key.charAt(key.length() - 1) == SEPARATOR;
    }
}
