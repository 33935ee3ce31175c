package io.exectrace.streams.reconciliation;

import io.exectrace.events.Stage;
import java.util.Set;

/**
 * When one of our orders was live, by event time: its first and last event. A venue fill found by client order id
 * belongs to an order only if it falls within this span widened by the reconciliation window on each side, since
 * client order ids repeat from run to run and only time tells the runs apart.
 *
 * @param firstTsMicros the order's first event time, epoch microseconds
 * @param lastTsMicros  its last event time, epoch microseconds
 */
public record OrderSpan(long firstTsMicros, long lastTsMicros) {
    /** The stages of an order's events that make its span (the events that carry its client order id). */
    public static final Set<Stage> STAGES = Set.of(Stage.SUBMIT, Stage.ACK, Stage.FILL, Stage.CANCEL);
    /** A span for an order whose times are not known: live at any time. */
    public static final OrderSpan ALWAYS = new OrderSpan(Long.MIN_VALUE, Long.MAX_VALUE);

    /** The span of one event. */
    public static OrderSpan at(final long tsMicros) {
        return new OrderSpan(tsMicros, tsMicros);
    }

    /** This span stretched to cover {@code tsMicros}. */
    public OrderSpan with(final long tsMicros) {
        return tsMicros >= firstTsMicros && tsMicros <= lastTsMicros ? this
                : new OrderSpan(Math.min(firstTsMicros, tsMicros), Math.max(lastTsMicros, tsMicros));
    }

    /** Whether {@code tsMicros} lies within the span widened by {@code windowMicros} on each side (bounds inclusive). */
    public boolean liveAt(final long tsMicros, final long windowMicros) {
        return tsMicros >= saturatedAdd(firstTsMicros, -windowMicros)
                && tsMicros <= saturatedAdd(lastTsMicros, windowMicros);
    }

    private static long saturatedAdd(final long a, final long b) {
        final long sum = a + b;
        // Overflow only when both have the same sign and the sum's differs.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
