package io.exectrace.streams.venue;

import io.exectrace.streams.metrics.PipelineMetrics;
import io.exectrace.streams.reconciliation.OrderReconciliation;
import io.exectrace.streams.reconciliation.ReconciliationTolerance;
import java.time.Duration;
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
 * <p>A venue fill finds its order here by venue order id (the key). One that finds none within the window and echoes
 * a client order id goes on, keyed by that id, to the fallback stage ({@link ClientOrderReconciliation},
 * {@link OrderDecisions#isFallback}); one that echoes none ends at venue level. An id that two of our sessions claim
 * matches neither.
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
    private final PendingEntries pending = new PendingEntries();
    private ProcessorContext<String, FillDecision> context;
    private KeyValueStore<String, OrderSides> store;
    private OrderDecisions decisions;

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
        this.decisions = new OrderDecisions(tolerance, metrics, true, context);
        try (KeyValueIterator<String, OrderSides> all = store.all()) {
            all.forEachRemaining(entry -> pending.track(entry.key, entry.value));
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
        final OrderSides after = OrderSides.with(before, record.value());
        if (after != before) {
            final OrderSides left = decisions.decide(record.key(), after, context.currentSystemTimeMs(), false,
                    record.timestamp());
            store.put(record.key(), left);
            pending.track(record.key(), left);
        }
    }

    /** Closes the orders whose window has passed (idle ones are forgotten by the sweep). */
    private void closeDue(final long now) {
        for (final String venueOrderId : pending.due(now, window.toMillis())) {
            final OrderSides left = decisions.decide(venueOrderId, store.get(venueOrderId), now, true,
                    Math.max(0L, context.currentStreamTimeMs()));
            store.put(venueOrderId, left);
            pending.track(venueOrderId, left);
        }
    }
}
