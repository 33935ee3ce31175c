package io.exectrace.events;

import java.util.Locale;

/** How a closed chain ended (the contract's outcomes, shared by the pipeline and the generators); {@link #label()} is the lower-case name used in JSON, metrics and CSV. */
public enum ChainOutcome {
    /** The filled quantity reached the order quantity (relative tolerance 1e-9). */
    FILLED,
    /** Some quantity filled, then the order was cancelled or timed out below its quantity. */
    PARTIALLY_FILLED,
    /** Cancelled with no fill. */
    CANCELLED,
    /** A risk block (blocking gate) ended the intent. */
    RISK_BLOCKED,
    /** An error event linked by id ended the chain. */
    ERROR,
    /** An intent with no order, or order children (ack/fill/cancel) whose order never arrived. */
    MISSING_ORDER,
    /** An order with no fill, cancel or reject within the order timeout. */
    MISSING_FILL;

    private static final ChainOutcome[] VALUES = values();

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** The outcome for a label, or {@code null} when the label names none. */
    public static ChainOutcome fromLabel(final String label) {
        for (final ChainOutcome outcome : VALUES) {
            if (outcome.label.equals(label)) {
                return outcome;
            }
        }
        return null;
    }
}
