package io.exectrace.events;

/** Why a record value is not a valid execution event; the DLQ header and parse-error metric use {@link #label()}. */
public enum ParseErrorReason {
    /** Empty value (zero bytes or only whitespace). */
    EMPTY,
    /**
     * Not well-formed JSON: truncated lines, invalid UTF-8, NaN/Infinity, duplicate keys, anything after the
     * object, or bytes that are not UTF-8 at all.
     */
    INVALID_JSON,
    /** Well-formed JSON, but not an object (an array, a string, a number...). */
    NOT_AN_OBJECT,
    /**
     * Nesting deeper than the parser accepts (64), or a string (in a field that is read), number or field name
     * longer than it accepts; see {@link ExecutionEventParser}.
     */
    TOO_LARGE,
    /** No {@code ts} field. */
    MISSING_TS,
    /** {@code ts} present but not an ISO-8601 timestamp. */
    BAD_TS,
    /** Neither {@code session_id} nor {@code run_id} as a non-blank string of at most 256 characters. */
    MISSING_SESSION,
    /**
     * Neither {@code kind} nor {@code stage}, a value that names no stage, both at once, or a gate without one
     * clear verdict.
     */
    UNKNOWN_KIND;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    public String label() {
        return label;
    }
}
