package io.exectrace.streams.venue;

import io.exectrace.streams.reconciliation.ReconciliationResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A session's reconciliation so far: decisions counted by result, the reconciliation lag, and every decision that
 * is not {@code matched} with both sides' values (the first {@link #MAX_DIFFERENCES}; the rest only counted).
 *
 * @param counts             decisions per {@link ReconciliationResult}, by ordinal
 * @param lagMaxMillis       the longest reconciliation lag, ms
 * @param lagSumMillis       the sum of the lags (mean = sum / decisions), ms
 * @param differences        the decisions other than {@code matched}, in decision order
 * @param differencesDropped differences beyond {@link #MAX_DIFFERENCES}, counted only
 * @param lastDecidedMillis  when the latest decision was made (wall clock, epoch ms; what retention goes by), or
 *                           {@link #UNKNOWN_TIME} for a value written before it was kept
 */
public record SessionReconciliation(long[] counts, long lagMaxMillis, long lagSumMillis,
                                    List<FillDecision> differences, long differencesDropped, long lastDecidedMillis) {
    /** Differences kept per session with their values: bounds the store value. */
    public static final int MAX_DIFFERENCES = 1_000;
    /** The time of the latest decision of a value stored before the time was kept. */
    static final long UNKNOWN_TIME = -1L;

    public SessionReconciliation {
        if (counts.length != ReconciliationResult.values().length) {
            throw new IllegalArgumentException("one count per result, got " + counts.length);
        }
        differences = Collections.unmodifiableList(new ArrayList<>(differences));
    }

    static SessionReconciliation empty() {
        return new SessionReconciliation(new long[ReconciliationResult.values().length], 0, 0, List.of(), 0,
                UNKNOWN_TIME);
    }

    /** Decisions of {@code result}. */
    public long count(final ReconciliationResult result) {
        return counts[result.ordinal()];
    }

    /** All decisions. */
    public long decisions() {
        long sum = 0;
        for (final long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** This with one more decision. */
    SessionReconciliation with(final FillDecision d) {
        final long[] next = counts.clone();
        next[d.result().ordinal()]++;
        List<FillDecision> diffs = differences;
        long dropped = differencesDropped;
        if (d.result() != ReconciliationResult.MATCHED) {
            if (differences.size() < MAX_DIFFERENCES) {
                diffs = new ArrayList<>(differences);
                diffs.add(d);
            } else {
                dropped++;
            }
        }
        return new SessionReconciliation(next, Math.max(lagMaxMillis, d.lagMillis()), lagSumMillis + d.lagMillis(),
                diffs, dropped, Math.max(lastDecidedMillis, d.decidedMillis()));
    }
}
