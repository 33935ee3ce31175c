package io.exectrace.events;

import java.util.Locale;

/**
 * Why a venue fill (a generic record, or one trade of a Kraken export) is invalid; the dead-letter header
 * {@code exectrace.dlq.reason} carries {@link #label()}. When several checks fail, the first in this order is
 * reported, as with {@link ParseErrorReason}, whose first six it mirrors.
 */
public enum VenueFillErrorReason {
    /** Empty value (zero bytes or only whitespace). */
    EMPTY,
    /** Not well-formed JSON: truncated, invalid UTF-8, NaN/Infinity, a duplicate key, anything after the object. */
    INVALID_JSON,
    /** Well-formed JSON, but not an object. */
    NOT_AN_OBJECT,
    /** Nesting, a string, a number or a field name beyond the parser's limits. */
    TOO_LARGE,
    /** No time ({@code ts}; Kraken's {@code time}). */
    MISSING_TS,
    /**
     * A time that cannot be read: ISO-8601 without a zone (a venue's local time would shift every match), out of
     * the years 1990..2200, or not a number of epoch seconds.
     */
    BAD_TS,
    /** A required field absent, {@code null} or blank (the detail names it). */
    MISSING_FIELD,
    /** A text field of the wrong JSON type, or an id longer than 256 characters. */
    BAD_FIELD,
    /** A side that is neither {@code buy} nor {@code sell}. */
    BAD_SIDE,
    /** Quantity or price not a positive finite number, fee not a finite number, or a number of the wrong type. */
    BAD_NUMBER,
    /** A symbol the {@link VenueSymbols} rule cannot turn into ours. */
    UNKNOWN_SYMBOL;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
