package io.exectrace.producer;

import io.exectrace.events.DurationText;
import java.util.SplittableRandom;

/**
 * A log-normal latency distribution given by its median and 99th percentile, sampled in microseconds and capped
 * (so generated chains finish well within the pipeline's 30 s / 60 s timeouts).
 *
 * @param medianMillis median, milliseconds (positive)
 * @param p99Millis    99th percentile, milliseconds (at least the median, at most {@link #MAX_MILLIS})
 */
public record LatencyProfile(double medianMillis, double p99Millis) {
    /** No sample is larger: chains complete within about 20 s of their intent. */
    public static final double MAX_MILLIS = 10_000;
    private static final double Z99 = 2.326_347_874_040_841;

    public LatencyProfile {
        if (!(medianMillis > 0) || !(p99Millis >= medianMillis) || p99Millis > MAX_MILLIS) {
            throw new IllegalArgumentException("latency needs 0 < median <= p99 <= " + (long) MAX_MILLIS
                    + " ms, got median " + medianMillis + " ms, p99 " + p99Millis + " ms");
        }
    }

    /** Parses {@code MEDIAN:P99}, each a duration such as {@code 20ms}, {@code 1.5s}. */
    public static LatencyProfile parse(final String text) {
        final int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("latency must be MEDIAN:P99 (e.g. 20ms:200ms), got " + text);
        }
        return new LatencyProfile(DurationText.parseMillis(text.substring(0, colon)),
                DurationText.parseMillis(text.substring(colon + 1)));
    }

    /** One sample in whole microseconds, at least 1 ms. */
    long sampleMicros(final SplittableRandom random) {
        final double mu = Math.log(medianMillis);
        final double sigma = (Math.log(p99Millis) - mu) / Z99;
        final double millis = Math.exp(mu + sigma * random.nextGaussian());
        return (long) (Math.min(MAX_MILLIS, Math.max(1.0, millis)) * 1000);
    }

    @Override
    public String toString() {
        return medianMillis + "ms:" + p99Millis + "ms";
    }
}
