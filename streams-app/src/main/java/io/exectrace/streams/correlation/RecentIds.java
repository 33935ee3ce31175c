package io.exectrace.streams.correlation;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of recently closed chains of one session (intent, client order and broker order ids), so that an event for
 * a chain that has already closed is counted as late instead of opening a new chain that would end as
 * MISSING_ORDER. Bounded like {@link RecentFingerprints}: by count and by event-time horizon, oldest first.
 */
final class RecentIds {
    static final char INTENT = 'i';
    static final char ORDER = 'o';
    static final char BROKER = 'b';

    /** Receives every key that leaves the memory. */
    interface Removal {
        void removed(String key, long seq);
    }

    record Entry(long tsMicros, long seq) {
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    static String key(final char kind, final String id) {
        return kind + id;
    }

    boolean contains(final char kind, final String id) {
        return id != null && !entries.isEmpty() && entries.containsKey(key(kind, id));
    }

    boolean containsKey(final String key) {
        return entries.containsKey(key);
    }

    /** Remembers a key; returns false when it was already present (then nothing changes). */
    boolean add(final String key, final long tsMicros, final long seq) {
        if (entries.containsKey(key)) {
            return false;
        }
        entries.put(key, new Entry(tsMicros, seq));
        return true;
    }

    int size() {
        return entries.size();
    }

    void evict(final long minTsMicros, final int maxEntries, final Removal removal) {
        final Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<String, Entry> oldest = it.next();
            if (entries.size() <= maxEntries && oldest.getValue().tsMicros() >= minTsMicros) {
                return;
            }
            it.remove();
            if (removal != null) {
                removal.removed(oldest.getKey(), oldest.getValue().seq());
            }
        }
    }

    void clear(final Removal removal) {
        evict(Long.MAX_VALUE, 0, removal);
    }

    Iterable<Map.Entry<String, Entry>> entries() {
        return entries.entrySet();
    }
}
