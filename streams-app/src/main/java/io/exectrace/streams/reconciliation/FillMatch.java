package io.exectrace.streams.reconciliation;

import java.util.Objects;

/**
 * The decision for one fill, or one pair of fills.
 *
 * @param result what was decided
 * @param ours   our fill, null for {@link ReconciliationResult#MISSING_IN_LEDGER}
 * @param venue  the venue's fill, null for {@link ReconciliationResult#MISSING_AT_VENUE}
 */
public record FillMatch(ReconciliationResult result, FillFacts ours, FillFacts venue) {

    public FillMatch {
        Objects.requireNonNull(result, "result");
        if ((ours == null) != (result == ReconciliationResult.MISSING_IN_LEDGER)
                || (venue == null) != (result == ReconciliationResult.MISSING_AT_VENUE)) {
            throw new IllegalArgumentException(result.label() + " with ours " + ours + " and venue " + venue);
        }
    }
}
