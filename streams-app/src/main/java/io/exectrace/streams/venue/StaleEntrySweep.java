package io.exectrace.streams.venue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Removes the stale entries of a reconciliation store a bounded batch at a time, walking the store in key order
 * from where the last batch stopped: the stores hold one retention of orders and sessions, so reading them whole
 * on every punctuation would cost what they hold. An entry is removed at most one full walk after it turns stale.
 */
final class StaleEntrySweep<V> {

    /** Whether an entry is stale at wall-clock time {@code nowMillis}. */
    @FunctionalInterface
    interface Staleness<V> {
        boolean stale(V value, long nowMillis);
    }

    private final int batch;
    private final Staleness<V> staleness;
    /** The last key of the previous batch, or null to start from the first key. */
    private String resumeAfter;

    StaleEntrySweep(final int batch, final Staleness<V> staleness) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        this.batch = batch;
        this.staleness = staleness;
    }

    /** Reads up to {@code batch} entries after the previous batch's last, removes the stale ones; returns how many. */
    int sweep(final KeyValueStore<String, V> store, final long nowMillis) {
        final List<String> stale = new ArrayList<>();
        String last = null;
        boolean more;
        try (KeyValueIterator<String, V> entries = resumeAfter == null ? store.all() : store.range(resumeAfter, null)) {
            int read = 0;
            while (read < batch && entries.hasNext()) {
                final KeyValue<String, V> entry = entries.next();
                if (entry.key.equals(resumeAfter)) {
                    continue;
                }
                read++;
                last = entry.key;
                if (staleness.stale(entry.value, nowMillis)) {
                    stale.add(entry.key);
                }
            }
            more = entries.hasNext();
        }
        resumeAfter = more ? last : null;
        stale.forEach(store::delete);
        return stale.size();
    }
}
