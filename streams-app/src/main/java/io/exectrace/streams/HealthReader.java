package io.exectrace.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads the health window stores for the query API: per mode (summed over sessions and over every partition the
 * store spans) or per session. Pass the store interactive queries return for
 * {@link ExectraceTopology#HEALTH_1M_STORE} (1-minute tumbling windows) or {@link ExectraceTopology#HEALTH_5M_STORE}
 * (closed 5-minute windows hopping by 1 minute, the "sustained over 5 minutes" view).
 */
public final class HealthReader {

    private final ReadOnlyWindowStore<String, HealthCounts> store;

    public HealthReader(final ReadOnlyWindowStore<String, HealthCounts> store) {
        this.store = store;
    }

    /**
     * One window's counts.
     *
     * @param mode        the mode
     * @param sessionId   the session, or {@code null} for a per-mode sum
     * @param windowStart window start
     * @param windowEnd   window end (exclusive)
     * @param counts      the counts
     */
    public record HealthWindow(String mode, String sessionId, Instant windowStart, Instant windowEnd,
                               HealthCounts counts) {
    }

    /** Per mode, windows starting in {@code [from, to]}, ordered by mode then start. */
    public List<HealthWindow> byMode(final Instant from, final Instant to) {
        final Map<String, Map<Long, HealthCounts>> sums = new TreeMap<>();
        final Map<Long, Long> ends = new TreeMap<>();
        try (KeyValueIterator<Windowed<String>, HealthCounts> all = store.fetchAll(from, to)) {
            while (all.hasNext()) {
                final KeyValue<Windowed<String>, HealthCounts> entry = all.next();
                final long start = entry.key.window().start();
                sums.computeIfAbsent(HealthKey.mode(entry.key.key()), m -> new TreeMap<>())
                        .merge(start, entry.value, HealthCounts::plus);
                ends.put(start, entry.key.window().end());
            }
        }
        final List<HealthWindow> windows = new ArrayList<>();
        sums.forEach((mode, byStart) -> byStart.forEach((start, counts) -> windows.add(new HealthWindow(mode, null,
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(ends.get(start)), counts))));
        return windows;
    }

    /** One session's windows starting in {@code [from, to]}, in start order (any mode the session had). */
    public List<HealthWindow> forSession(final String sessionId, final Instant from, final Instant to) {
        final List<HealthWindow> windows = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, HealthCounts> all = store.fetchAll(from, to)) {
            while (all.hasNext()) {
                final KeyValue<Windowed<String>, HealthCounts> entry = all.next();
                if (HealthKey.session(entry.key.key()).equals(sessionId)) {
                    windows.add(new HealthWindow(HealthKey.mode(entry.key.key()), sessionId,
                            entry.key.window().startTime(), entry.key.window().endTime(), entry.value));
                }
            }
        }
        windows.sort(java.util.Comparator.comparing(HealthWindow::windowStart));
        return windows;
    }
}
