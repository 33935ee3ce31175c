package io.exectrace.streams.health;

import io.exectrace.streams.retention.SessionRemoval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Session retention's part in the health stores: deletes a session's watch and its health windows under its mode
 * (and the unknown mode). Windows under a mode the session had earlier go with the windows' own retention.
 *
 * <p>The windows are looked for only between the health retention before the session's clock (its newest event
 * time) and the clock: a cached window store walks every segment of the time range it is asked for, so an open
 * range would take minutes.
 */
public final class HealthRemoval implements SessionRemoval {

    /** Longest health window: a window starts at most this long before the newest event it counts. */
    private static final long LONGEST_WINDOW_MILLIS = Duration.ofMinutes(5).toMillis();

    private final KeyValueStore<String, SessionWatch> watches;
    private final List<WindowStore<String, HealthCounts>> windows;
    private final long retentionMillis;

    private HealthRemoval(final KeyValueStore<String, SessionWatch> watches,
                          final List<WindowStore<String, HealthCounts>> windows, final long retentionMillis) {
        this.watches = watches;
        this.windows = windows;
        this.retentionMillis = retentionMillis;
    }

    /** The removal over the health stores of these names (connected to the processor that runs retention). */
    public static SessionRemoval.Factory factory(final String oneMinuteStoreName, final String fiveMinuteStoreName,
                                                 final String watchStoreName, final Duration retention) {
        return context -> new HealthRemoval(context.getStateStore(watchStoreName),
                List.of(context.getStateStore(oneMinuteStoreName), context.getStateStore(fiveMinuteStoreName)),
                retention.toMillis());
    }

    @Override
    public void remove(final String sessionId) {
        final SessionWatch watch = watches.get(sessionId);
        if (watch == null) {
            return;     // no watch: it was forgotten long ago, its windows with it
        }
        if (watch.hasClock()) {
            final long from = Math.max(0, watch.clockMillis() - retentionMillis - LONGEST_WINDOW_MILLIS);
            final long to = watch.clockMillis();
            if (watch.mode() != null && !HealthKey.UNKNOWN_MODE.equals(watch.mode())) {
                deleteWindows(HealthKey.of(watch.mode(), sessionId), from, to);
            }
            deleteWindows(HealthKey.of(HealthKey.UNKNOWN_MODE, sessionId), from, to);
        }
        watches.delete(sessionId);
    }

    private void deleteWindows(final String key, final long from, final long to) {
        for (final WindowStore<String, HealthCounts> store : windows) {
            final List<Long> starts = new ArrayList<>();
            try (WindowStoreIterator<HealthCounts> it = store.fetch(key, from, to)) {
                while (it.hasNext()) {
                    starts.add(it.next().key);
                }
            }
            starts.forEach(start -> store.put(key, null, start));
        }
    }
}
