package io.exectrace.harness.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of durations in nanoseconds, reported in milliseconds. */
public final class Percentiles {
    private final long[] sortedNanos;

    public Percentiles(final long[] nanos) {
        this.sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
    }

    public int count() {
        return sortedNanos.length;
    }

    /** The smallest value with at least {@code q} of all values at or below it (NaN when there are none). */
    public double millis(final double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        final int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length, rank) - 1)] / 1e6;
    }

    public double maxMillis() {
        return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
    }
}
