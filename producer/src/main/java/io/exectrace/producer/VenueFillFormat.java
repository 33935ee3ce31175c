package io.exectrace.producer;

import java.util.Arrays;

/** The formats {@code produce venue-fills} reads: the generic form, or Kraken's TradesHistory export. */
public enum VenueFillFormat {
    /** The generic form, JSONL (one fill a line) or one JSON array of fills. */
    GENERIC("generic"),
    /** Kraken's TradesHistory answer (or its result, or its trades), one or more documents. */
    KRAKEN_TRADES("kraken-trades");

    private final String label;

    VenueFillFormat(final String label) {
        this.label = label;
    }

    /** The name on the command line and in the {@code exectrace.dlq.source.format} header. */
    public String label() {
        return label;
    }

    /**
     * The format named {@code label} (case ignored).
     *
     * @throws IllegalArgumentException naming the formats there are
     */
    public static VenueFillFormat fromLabel(final String label) {
        for (final VenueFillFormat format : values()) {
            if (format.label.equalsIgnoreCase(label.strip())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + label + "' (formats: "
                + String.join(", ", Arrays.stream(values()).map(VenueFillFormat::label).toList()) + ")");
    }
}
