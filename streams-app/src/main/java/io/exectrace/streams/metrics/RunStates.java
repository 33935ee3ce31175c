package io.exectrace.streams.metrics;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Sessions per mode and run state, from the wall-clock time of each session's latest event in this process:
 * {@code active} (an event in the last {@link #ACTIVE_MILLIS}), {@code idle} (silent longer, not yet closed by the
 * idle timeout), {@code closed} (silent for the idle timeout: its open chains were closed as timed out). Sessions
 * silent for longer than the retention are forgotten. The counts are computed at most once per
 * {@link #SNAPSHOT_MILLIS}, when a scrape reads them, so the hot path only writes one field.
 */
final class RunStates {

    static final String ACTIVE = "active";
    static final String IDLE = "idle";
    static final String CLOSED = "closed";
    static final long ACTIVE_MILLIS = 5 * 60_000L;
    static final long SNAPSHOT_MILLIS = 1_000L;

    private final ConcurrentHashMap<String, Liveness> sessions = new ConcurrentHashMap<>();
    private final long closedAfterMillis;
    private final long forgetAfterMillis;
    private final LongSupplier wallClock;
    /** The latest counts, null before the first read. */
    private volatile Snapshot snapshot;

    RunStates(final long idleTimeoutMillis, final long retentionMillis, final LongSupplier wallClock) {
        this.closedAfterMillis = Math.max(idleTimeoutMillis, ACTIVE_MILLIS);
        this.forgetAfterMillis = Math.max(retentionMillis, closedAfterMillis);
        this.wallClock = wallClock;
    }

    /** Records that {@code session} (of mode label {@code mode}) received an event at {@code wallClockMillis}. */
    void touch(final String session, final String mode, final long wallClockMillis) {
        final Liveness liveness = sessions.get(session);
        if (liveness == null) {
            sessions.put(session, new Liveness(mode, wallClockMillis));
        } else {
            liveness.mode = mode;
            liveness.lastArrivalMillis = wallClockMillis;
        }
    }

    /** Sessions of {@code mode} in {@code state} ({@link #ACTIVE}, {@link #IDLE} or {@link #CLOSED}). */
    long count(final String mode, final String state) {
        final long[] counts = current().byMode.get(mode);
        if (counts == null) {
            return 0;
        }
        return switch (state) {
            case ACTIVE -> counts[0];
            case IDLE -> counts[1];
            default -> counts[2];
        };
    }

    private Snapshot current() {
        final long now = wallClock.getAsLong();
        final Snapshot last = snapshot;
        if (last != null && now >= last.takenMillis && now - last.takenMillis < SNAPSHOT_MILLIS) {
            return last;
        }
        final Map<String, long[]> byMode = new HashMap<>();
        final Iterator<Liveness> all = sessions.values().iterator();
        while (all.hasNext()) {
            final Liveness liveness = all.next();
            final long silentMillis = now - liveness.lastArrivalMillis;
            if (silentMillis >= forgetAfterMillis) {
                all.remove();
                continue;
            }
            final int state = silentMillis < ACTIVE_MILLIS ? 0 : silentMillis < closedAfterMillis ? 1 : 2;
            byMode.computeIfAbsent(liveness.mode, m -> new long[3])[state]++;
        }
        final Snapshot taken = new Snapshot(now, byMode);
        snapshot = taken;
        return taken;
    }

    /** One session's mode and latest arrival; written by the stream thread that owns the session. */
    private static final class Liveness {
        volatile String mode;
        volatile long lastArrivalMillis;

        Liveness(final String mode, final long lastArrivalMillis) {
            this.mode = mode;
            this.lastArrivalMillis = lastArrivalMillis;
        }
    }

    private record Snapshot(long takenMillis, Map<String, long[]> byMode) {
    }
}
