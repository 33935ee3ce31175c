package io.exectrace.streams.reconciliation;

import io.exectrace.events.VenueFill;
import java.util.Comparator;
import java.util.Objects;

/**
 * One decision with what it is about: our order and the venue's fill as read.
 *
 * @param match     the decision and both sides' compared values
 * @param order     our order, or null for a venue fill that matches no order of ours (venue level)
 * @param venueFill the venue's fill, or null for {@link ReconciliationResult#MISSING_AT_VENUE}
 */
public record ReconciledFill(FillMatch match, OurOrder order, VenueFill venueFill) {
    /** By the earlier side's time, then our fill's arrival, then the venue fill's. */
    static final Comparator<ReconciledFill> TIME_ORDER = Comparator
            .comparingLong(ReconciledFill::tsMicros)
            .thenComparingLong(f -> f.match().ours() == null ? Long.MAX_VALUE : f.match().ours().arrival())
            .thenComparingLong(f -> f.match().venue() == null ? Long.MAX_VALUE : f.match().venue().arrival());

    public ReconciledFill {
        Objects.requireNonNull(match, "match");
        if ((venueFill == null) != (match.venue() == null)) {
            throw new IllegalArgumentException("the venue fill must be given exactly when the match has one");
        }
    }

    /** The decision. */
    public ReconciliationResult result() {
        return match.result();
    }

    /** The earlier of the two sides' times. */
    public long tsMicros() {
        final FillFacts ours = match.ours();
        final FillFacts venue = match.venue();
        return ours == null ? venue.tsMicros() : venue == null ? ours.tsMicros()
                : Math.min(ours.tsMicros(), venue.tsMicros());
    }
}
