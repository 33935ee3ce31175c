package io.exectrace.streams.correlation;

/**
 * A sum of doubles kept as an unevaluated pair (high part and the rounding error below it), so that its value, the
 * high part, is the correctly rounded exact sum and does not depend on the order the terms were added in, as long
 * as the terms span less than about 100 bits (prices, quantities and latencies do). Chains close in a different
 * order in the stream (settling on the arrival clock) than in a file read on event time alone, and per-symbol
 * totals and mean latencies must still come out the same to the last bit.
 */
final class RunningSum {
    private double hi;
    private double lo;

    /** The sum (the correctly rounded exact sum of the terms). */
    double value() {
        return hi;
    }

    /** The rounding error below {@link #value()} (stored with it so that a reloaded sum goes on exactly). */
    double error() {
        return lo;
    }

    void add(final double x) {
        // TwoSum: s + e == hi + x exactly
        final double s = hi + x;
        final double b = s - hi;
        final double e = (hi - (s - b)) + (x - b);
        normalize(s, lo + e);
    }

    void add(final RunningSum other) {
        add(other.hi);
        final double t = lo + other.lo;
        normalize(hi, t);
    }

    void set(final double value, final double error) {
        hi = value;
        lo = error;
    }

    /** Folds {@code low} into {@code high} so that the high part is the rounded total (Fast2Sum). */
    private void normalize(final double high, final double low) {
        final double s = high + low;
        if (Double.isFinite(s)) {
            lo = low - (s - high);
        } else {
            lo = 0.0;
        }
        hi = s;
    }
}
