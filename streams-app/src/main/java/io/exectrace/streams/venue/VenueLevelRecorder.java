package io.exectrace.streams.venue;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the venue fills that match no order of ours ({@code missing_in_ledger} at venue level), keyed by
 * {@link #key(String, String, String)}: venue, venue order id, trade id; one venue's are one range of keys. Each is
 * kept for the session retention after it was decided.
 */
public final class VenueLevelRecorder implements Processor<String, FillDecision, Void, Void> {
    private static final char SEPARATOR = '\u0000';
    private final String storeName;
    private final StaleEntrySweep<FillDecision> expired;
    private KeyValueStore<String, FillDecision> store;

    /** {@code retention}: the session retention; a venue-level fill is kept that long after it was decided. */
    public VenueLevelRecorder(final String storeName, final Duration retention) {
        this.storeName = storeName;
        this.expired = new StaleEntrySweep<>(ReconciliationProcessor.SWEEP_BATCH,
                (decision, now) -> decision.decidedMillis() + retention.toMillis() <= now);
    }

    /** The store key of a venue-level fill. */
    public static String key(final String venue, final String venueOrderId, final String tradeId) {
        return venue + SEPARATOR + venueOrderId + SEPARATOR + tradeId;
    }

    /** The first key of {@code venue}'s range (inclusive). */
    public static String from(final String venue) {
        return venue + SEPARATOR;
    }

    /** The end of {@code venue}'s range (inclusive; no key of the venue reaches it). */
    public static String to(final String venue) {
        return venue + '\u0001';
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        context.schedule(ReconciliationProcessor.SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
                now -> expired.sweep(store, now));
    }

    @Override
    public void process(final Record<String, FillDecision> record) {
        final FillDecision d = record.value();
        if (d != null && d.venue() != null) {
            store.put(key(d.venue().venue(), d.venueOrderId(), d.venue().tradeId()), d);
        }
    }
}
