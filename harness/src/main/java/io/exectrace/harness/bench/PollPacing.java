package io.exectrace.harness.bench;

/**
 * How long a freshness poller waits before it asks again: its base interval while what it waits for is young, a
 * twentieth of the age of the oldest thing it waits for once that is longer, and never more than 50 ms. A fixed
 * 2 ms interval asked an app that had fallen behind 500 times a second for each outstanding probe, so the polling
 * took the CPU the app needed to catch up (a third of a core at 2,000 records/s on two cores). The stamp of an
 * answer is therefore late by at most a twentieth of the latency it measures (or the base interval): the figure
 * can only read high, never low.
 */
final class PollPacing {

    /** The longest wait between two polls. */
    static final long MAX_WAIT_NANOS = 50_000_000L;
    /** A poll at most this share of the oldest outstanding age after the previous. */
    static final long AGE_DIVISOR = 20;

    private PollPacing() {
    }

    /** The wait before the next poll, for an oldest outstanding item of this age (0 or less: none). */
    static long waitNanos(final long baseNanos, final long oldestOutstandingNanos) {
        final long byAge = Math.min(MAX_WAIT_NANOS, Math.max(0, oldestOutstandingNanos) / AGE_DIVISOR);
        return Math.max(baseNanos, byAge);
    }
}
