package io.exectrace.harness.bench.e2e;

import java.util.Collection;

/** The median of a few figures (the runs of one configuration); NaN values (no figure) are left out. */
public final class Median {

    private Median() {
    }

    /** The middle value, or the mean of the two middle ones; NaN when there is no value. */
    public static double of(final Collection<Double> values) {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v))
                .sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
