package io.exectrace.streams.health;

import io.exectrace.streams.retention.SessionRemoval;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Session retention's part in the health stores: deletes a session's watch and its health windows under its mode
 * (and the unknown mode). Windows under a mode the session had earlier go with the windows' own retention.
 */
public final class HealthRemoval implements SessionRemoval {

    private final KeyValueStore<String, SessionWatch> watches;
    private final List<WindowStore<String, HealthCounts>> windows;

    private HealthRemoval(final KeyValueStore<String, SessionWatch> watches,
                          final List<WindowStore<String, HealthCounts>> windows) {
        this.watches = watches;
        this.windows = windows;
    }

    /** The removal over the health stores of these names (connected to the processor that runs retention). */
    public static SessionRemoval.Factory factory(final String oneMinuteStoreName, final String fiveMinuteStoreName,
                                                 final String watchStoreName) {
        return context -> new HealthRemoval(context.getStateStore(watchStoreName),
                List.of(context.getStateStore(oneMinuteStoreName), context.getStateStore(fiveMinuteStoreName)));
    }

    @Override
    public void remove(final String sessionId) {
        final SessionWatch watch = watches.get(sessionId);
        if (watch != null && watch.mode() != null && !HealthKey.UNKNOWN_MODE.equals(watch.mode())) {
            deleteWindows(HealthKey.of(watch.mode(), sessionId));
        }
        deleteWindows(HealthKey.of(HealthKey.UNKNOWN_MODE, sessionId));
        if (watch != null) {
            watches.delete(sessionId);
        }
    }

    private void deleteWindows(final String key) {
        for (final WindowStore<String, HealthCounts> store : windows) {
            final List<Long> starts = new ArrayList<>();
            try (WindowStoreIterator<HealthCounts> it = store.fetch(key, 0L, Long.MAX_VALUE)) {
                while (it.hasNext()) {
                    starts.add(it.next().key);
                }
            }
            starts.forEach(start -> store.put(key, null, start));
        }
    }
}
