package io.exectrace.streams.health;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The two health window stores of one task: 1-minute tumbling windows updated per record, and 5-minute windows
 * hopping by 1 minute, each the exact sum of its five 1-minute windows, written once when the session's clock
 * passes its end (and rewritten if a late record lands in it). Writing the 5-minute store once per minute instead
 * of five times per record keeps the hot path at one read-modify-write.
 */
final class HealthWindows {

    static final long MINUTE_MS = 60_000L;
    static final long FIVE_MINUTES_MS = 5 * MINUTE_MS;

    private final WindowStore<String, HealthCounts> oneMinute;
    private final WindowStore<String, HealthCounts> fiveMinutes;

    HealthWindows(final WindowStore<String, HealthCounts> oneMinute,
                  final WindowStore<String, HealthCounts> fiveMinutes) {
        this.oneMinute = oneMinute;
        this.fiveMinutes = fiveMinutes;
    }

    static long minuteStart(final long millis) {
        return Math.floorDiv(millis, MINUTE_MS) * MINUTE_MS;
    }

    /**
     * Adds {@code delta} to the 1-minute window holding {@code eventMillis}; when that minute had already closed
     * (the session's clock is past its end) the 5-minute windows containing it are summed again.
     *
     * @return the 1-minute window's counts after the addition
     */
    HealthCounts add(final String key, final long eventMillis, final HealthCounts delta, final long clockMillis) {
        final long minute = minuteStart(eventMillis);
        final HealthCounts current = oneMinute.fetch(key, minute);
        final HealthCounts updated = current == null ? delta : current.plus(delta);
        oneMinute.put(key, updated, minute);
        if (clockMillis != SessionWatch.NO_TIME && minute + MINUTE_MS <= clockMillis) {
            for (long end = minute + MINUTE_MS; end <= minute + FIVE_MINUTES_MS && end <= clockMillis;
                 end += MINUTE_MS) {
                fiveMinutes.put(key, sumFiveMinutesEndingAt(key, end), end - FIVE_MINUTES_MS);
            }
        }
        return updated;
    }

    /**
     * Closes the 5-minute windows whose end the clock passed when it moved from {@code oldClock} to
     * {@code newClock} and that contain data; returns them with the previous window's counts, oldest first.
     */
    List<ClosedWindow> close(final String key, final long oldClock, final long newClock) {
        // Windows end on minute boundaries: a clock that stays within its minute closes none. This skips the range
        // scan of the 1-minute store for all but about one record per session and minute (it was ~12 % of the
        // stream thread's CPU in the end-to-end benchmark).
        if (oldClock != SessionWatch.NO_TIME && minuteStart(oldClock) == minuteStart(newClock)) {
            return List.of();
        }
        // A window ending after oldClock only holds minutes starting after oldClock - 5 min.
        final long lowest = (oldClock == SessionWatch.NO_TIME ? newClock : oldClock) - FIVE_MINUTES_MS;
        final TreeSet<Long> ends = new TreeSet<>();
        try (WindowStoreIterator<HealthCounts> minutes = oneMinute.fetch(key, lowest, newClock)) {
            while (minutes.hasNext()) {
                final long minute = minutes.next().key;
                for (long end = minute + MINUTE_MS; end <= minute + FIVE_MINUTES_MS; end += MINUTE_MS) {
                    if (end <= newClock && (oldClock == SessionWatch.NO_TIME || end > oldClock)) {
                        ends.add(end);
                    }
                }
            }
        }
        final List<ClosedWindow> closed = new ArrayList<>(ends.size());
        for (final long end : ends) {
            final HealthCounts counts = sumFiveMinutesEndingAt(key, end);
            fiveMinutes.put(key, counts, end - FIVE_MINUTES_MS);
            final HealthCounts previous = fiveMinutes.fetch(key, end - FIVE_MINUTES_MS - MINUTE_MS);
            closed.add(new ClosedWindow(end - FIVE_MINUTES_MS, end, counts,
                    previous == null ? HealthCounts.EMPTY : previous));
        }
        return closed;
    }

    private HealthCounts sumFiveMinutesEndingAt(final String key, final long end) {
        HealthCounts sum = HealthCounts.EMPTY;
        try (WindowStoreIterator<HealthCounts> minutes = oneMinute.fetch(key, end - FIVE_MINUTES_MS,
                end - MINUTE_MS)) {
            while (minutes.hasNext()) {
                final KeyValue<Long, HealthCounts> minute = minutes.next();
                sum = sum.plus(minute.value);
            }
        }
        return sum;
    }

    /**
     * A 5-minute window that just closed.
     *
     * @param startMillis window start
     * @param endMillis   window end (exclusive)
     * @param counts      its counts
     * @param previous    the counts of the window one minute earlier (empty when there was none)
     */
    record ClosedWindow(long startMillis, long endMillis, HealthCounts counts, HealthCounts previous) {
    }
}
