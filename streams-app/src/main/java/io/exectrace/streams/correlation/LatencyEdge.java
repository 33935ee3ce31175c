package io.exectrace.streams.correlation;

import java.util.Locale;

/**
 * The latency edges of the event contract, all in milliseconds of event time. An edge exists only when both
 * endpoints exist; a negative difference is a clock problem and never a latency.
 */
public enum LatencyEdge {
    /** submit.ts − intent.ts. */
    INTENT_TO_ORDER,
    /** ack.ts − submit.ts (earliest ack). */
    ORDER_TO_ACK,
    /** first fill.ts − submit.ts. */
    ORDER_TO_FILL,
    /** first fill.ts − intent.ts. */
    INTENT_TO_FILL,
    /** last fill.ts − first fill.ts; 0 for a single fill. */
    FILL_COMPLETION;

    private static final LatencyEdge[] VALUES = values();

    private final String label = name().toLowerCase(Locale.ROOT);

    /** Lower-case name used as the metric label {@code edge} and in JSON ({@code intent_to_order}, ...). */
    public String label() {
        return label;
    }

    /** The edge for a label, or {@code null} when the label names none. */
    public static LatencyEdge fromLabel(final String label) {
        for (final LatencyEdge edge : VALUES) {
            if (edge.label.equals(label)) {
                return edge;
            }
        }
        return null;
    }

    static LatencyEdge of(final int ordinal) {
        return VALUES[ordinal];
    }
}
