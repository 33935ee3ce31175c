package io.exectrace.streams.health;

import java.util.Arrays;

/**
 * Counts of one health window (one session, one mode, one window): what the error-rate, parse-error-rate and
 * latency alerts and the API's health view are computed from. Windows add up exactly, so a 5-minute window is the
 * sum of its five 1-minute windows.
 *
 * @param events               distinct valid events (a redelivery counts once)
 * @param errors               events with stage {@code error}
 * @param parseErrors          invalid records attributed to the session
 * @param riskBlocks           events with stage {@code risk_block}
 * @param chains               chains closed in the window
 * @param missingFills         chains closed as {@code missing_fill}
 * @param intentToFillSamples  closed chains with an {@code intent_to_fill} latency
 * @param intentToFillSlow     of those, the ones above {@link #SLOW_INTENT_TO_FILL_MICROS}
 * @param slowestIntentToFill  the largest {@code intent_to_fill} latencies in microseconds, descending, at most
 *                             {@link #TOP_LATENCIES}: enough to give the exact p95 of up to 140 samples
 */
record HealthCounts(long events, long errors, long parseErrors, long riskBlocks, long chains,
                           long missingFills, long intentToFillSamples, long intentToFillSlow,
                           long[] slowestIntentToFill) {

    /** The P2 latency alert's threshold: p95 {@code intent_to_fill} above 10 s. */
    public static final long SLOW_INTENT_TO_FILL_MICROS = 10_000_000L;
    /** How many of the largest latencies a window keeps. */
    public static final int TOP_LATENCIES = 8;

    public static final HealthCounts EMPTY = new HealthCounts(0, 0, 0, 0, 0, 0, 0, 0, new long[0]);

    public HealthCounts {
        slowestIntentToFill = slowestIntentToFill == null ? new long[0] : slowestIntentToFill;
    }

    /** Valid events plus attributed parse errors. */
    public long records() {
        return events + parseErrors;
    }

    /** Error events / all valid events (the runbook's error rate), 0 when there are none. */
    public double errorRate() {
        return events == 0 ? 0.0 : (double) errors / events;
    }

    /** Parse errors / all records, 0 when there are none. */
    public double parseErrorRate() {
        final long records = records();
        return records == 0 ? 0.0 : (double) parseErrors / records;
    }

    /**
     * True when the nearest-rank p95 of the window's {@code intent_to_fill} latencies is above 10 s. Exact: the
     * p95 of n values exceeds T exactly when more than n - ceil(0.95 n) of them exceed T.
     */
    public boolean p95IntentToFillAboveThreshold() {
        return intentToFillSamples > 0 && intentToFillSlow > intentToFillSamples - nearestRank95(intentToFillSamples);
    }

    /**
     * The nearest-rank p95 of {@code intent_to_fill} in microseconds when the kept top latencies contain it,
     * else the smallest kept latency (a lower bound), or -1 without samples.
     */
    public long p95IntentToFillMicros() {
        if (intentToFillSamples == 0 || slowestIntentToFill.length == 0) {
            return -1L;
        }
        final long fromTop = intentToFillSamples - nearestRank95(intentToFillSamples);
        final int index = (int) Math.min(fromTop, slowestIntentToFill.length - 1L);
        return slowestIntentToFill[index];
    }

    /** True when {@link #p95IntentToFillMicros()} is the exact p95, not a lower bound. */
    public boolean p95IntentToFillExact() {
        return intentToFillSamples > 0
                && intentToFillSamples - nearestRank95(intentToFillSamples) < slowestIntentToFill.length;
    }

    public HealthCounts plus(final HealthCounts other) {
        return new HealthCounts(events + other.events, errors + other.errors, parseErrors + other.parseErrors,
                riskBlocks + other.riskBlocks, chains + other.chains, missingFills + other.missingFills,
                intentToFillSamples + other.intentToFillSamples, intentToFillSlow + other.intentToFillSlow,
                mergeTop(slowestIntentToFill, other.slowestIntentToFill));
    }

    static HealthCounts ofParseError() {
        return new HealthCounts(0, 0, 1, 0, 0, 0, 0, 0, null);
    }

    static long nearestRank95(final long n) {
        return (95 * n + 99) / 100;
    }

    private static long[] mergeTop(final long[] a, final long[] b) {
        if (b.length == 0) {
            return a;
        }
        if (a.length == 0) {
            return b;
        }
        final long[] merged = new long[Math.min(TOP_LATENCIES, a.length + b.length)];
        int i = 0;
        int j = 0;
        for (int k = 0; k < merged.length; k++) {
            merged[k] = j >= b.length || (i < a.length && a[i] >= b[j]) ? a[i++] : b[j++];
        }
        return merged;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof HealthCounts h && events == h.events && errors == h.errors
                && parseErrors == h.parseErrors && riskBlocks == h.riskBlocks && chains == h.chains
                && missingFills == h.missingFills && intentToFillSamples == h.intentToFillSamples
                && intentToFillSlow == h.intentToFillSlow && Arrays.equals(slowestIntentToFill, h.slowestIntentToFill);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(events, errors, parseErrors, riskBlocks, chains, missingFills,
                intentToFillSamples, intentToFillSlow) + Arrays.hashCode(slowestIntentToFill);
    }

    @Override
    public String toString() {
        return "HealthCounts[events=" + events + ", errors=" + errors + ", parseErrors=" + parseErrors
                + ", riskBlocks=" + riskBlocks + ", chains=" + chains + ", missingFills=" + missingFills
                + ", intentToFillSamples=" + intentToFillSamples + ", intentToFillSlow=" + intentToFillSlow
                + ", slowestIntentToFill=" + Arrays.toString(slowestIntentToFill) + "]";
    }
}
