package io.exectrace.streams.timeline;

/**
 * What the {@code session-timeline-index} store knows about one session's timeline, so expiry visits sessions
 * rather than every event. Under the reserved key {@code ""} (no session id is empty) it holds the task's
 * expiry clock instead: {@code minTsMicros} = event time of the last sweep, {@code maxTsMicros} = newest event time.
 *
 * @param minTsMicros oldest event time still stored
 * @param maxTsMicros newest event time stored
 * @param count       events stored
 */
public record TimelineIndexEntry(long minTsMicros, long maxTsMicros, long count) {
}
