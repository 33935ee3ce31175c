package io.exectrace.streams.health;

/**
 * What the health monitor remembers per session ({@code session-watch} store). Event-time fields drive the
 * deterministic rules; the two wall-clock fields only drive the "no events" alert and are named as such.
 *
 * @param mode                   latest mode seen, or {@code null}
 * @param lastTsMicros           event time of the previous valid event in arrival order (feed gaps), or
 *                               {@link Long#MIN_VALUE} before the first
 * @param clockMillis            the session's clock: its latest event time, or {@link Long#MIN_VALUE} before the first
 * @param wallClockLastArrivalMs wall-clock time the last record of the session arrived
 * @param live                   true when the last event's time was within the idle timeout of the wall clock,
 *                               i.e. the session is produced live rather than replayed
 * @param noEventsAlerted        true once the "no events" alert fired for the current silence
 * @param pendingParseErrors     parse errors attributed before the session's first valid event (no window yet)
 */
record SessionWatch(String mode, long lastTsMicros, long clockMillis, long wallClockLastArrivalMs,
                           boolean live, boolean noEventsAlerted, long pendingParseErrors) {

    public static final long NO_TIME = Long.MIN_VALUE;

    static SessionWatch first(final long wallClockMs) {
        return new SessionWatch(null, NO_TIME, NO_TIME, wallClockMs, false, false, 0);
    }

    public boolean hasClock() {
        return clockMillis != NO_TIME;
    }
}
