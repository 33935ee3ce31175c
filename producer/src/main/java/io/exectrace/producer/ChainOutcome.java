package io.exectrace.producer;

import java.util.Locale;

/** How a chain ends, as the pipeline reports it (see the shared decisions). */
public enum ChainOutcome {
    FILLED,
    PARTIALLY_FILLED,
    CANCELLED,
    RISK_BLOCKED,
    ERROR,
    MISSING_ORDER,
    MISSING_FILL;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON and metrics. */
    public String label() {
        return label;
    }

    /** The outcome for a label, or {@code null}. */
    public static ChainOutcome fromLabel(final String label) {
        for (final ChainOutcome outcome : values()) {
            if (outcome.label.equalsIgnoreCase(label)) {
                return outcome;
            }
        }
        return null;
    }
}
