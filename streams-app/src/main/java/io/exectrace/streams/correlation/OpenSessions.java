package io.exectrace.streams.correlation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The sessions of a task that the idle timeout has not closed, ordered by the arrival time of their last record,
 * so the idle check reads only those due instead of every summary kept for the retention. In memory only: built
 * from the summary store and kept in step with its writes by {@link StoreBackedSessionStates}.
 */
final class OpenSessions {

    /** Ids in the summary store's key order (UTF-8 bytes), the order the idle check closes sessions in. */
    private static final Comparator<String> STORE_ORDER =
            Comparator.comparing(id -> Bytes.wrap(id.getBytes(StandardCharsets.UTF_8)));

    private record Entry(long lastSeenWallMillis, String sessionId) {
    }

    private static final Comparator<Entry> BY_LAST_SEEN = Comparator.comparingLong(Entry::lastSeenWallMillis)
            .thenComparing(Entry::sessionId);

    private final Map<String, Long> lastSeen = new HashMap<>();
    private final TreeSet<Entry> byLastSeen = new TreeSet<>(BY_LAST_SEEN);

    /** The open sessions in {@code summaries}: one scan of the store. */
    static OpenSessions scan(final KeyValueStore<String, SessionSummary> summaries) {
        final OpenSessions open = new OpenSessions();
        try (KeyValueIterator<String, SessionSummary> it = summaries.all()) {
            while (it.hasNext()) {
                final KeyValue<String, SessionSummary> kv = it.next();
                if (kv.value != null) {
                    open.written(kv.value);
                }
            }
        }
        return open;
    }

    /** A summary was written: the session is open (at its last arrival) unless the idle timeout closed it. */
    void written(final SessionSummary summary) {
        final String id = summary.sessionId();
        final Long previous = lastSeen.get(id);
        if (previous != null && (summary.idleClosed || previous != summary.lastSeenWallMillis)) {
            byLastSeen.remove(new Entry(previous, id));
            lastSeen.remove(id);
        }
        if (!summary.idleClosed) {
            lastSeen.put(id, summary.lastSeenWallMillis);
            byLastSeen.add(new Entry(summary.lastSeenWallMillis, id));
        }
    }

    /** The session was deleted from the store. */
    void removed(final String sessionId) {
        final Long previous = lastSeen.remove(sessionId);
        if (previous != null) {
            byLastSeen.remove(new Entry(previous, sessionId));
        }
    }

    /** Open sessions whose last record arrived at or before {@code millis}, in the summary store's key order. */
    List<String> lastSeenAtOrBefore(final long millis) {
        final List<String> due = new ArrayList<>();
        for (final Entry entry : byLastSeen) {
            if (entry.lastSeenWallMillis() > millis) {
                break;
            }
            due.add(entry.sessionId());
        }
        due.sort(STORE_ORDER);
        return due;
    }

    int size() {
        return byLastSeen.size();
    }
}
