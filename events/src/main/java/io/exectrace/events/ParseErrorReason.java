package io.exectrace.events;

/** Why a record value is not a valid execution event; the DLQ header and parse-error metric use {@link #label()}. */
public enum ParseErrorReason {
    /** Empty value (zero bytes or only whitespace). */
    EMPTY,
    /** Not well-formed JSON, including truncated lines, invalid UTF-8 and trailing garbage. */
    INVALID_JSON,
    /** Well-formed JSON, but not an object (an array, a string, a number...). */
    NOT_AN_OBJECT,
    /** Nesting deeper than the parser accepts, or a value larger than it accepts. */
    TOO_LARGE,
    /** No {@code ts} field. */
    MISSING_TS,
    /** {@code ts} present but not an ISO-8601 timestamp. */
    BAD_TS,
    /** Neither {@code session_id} nor {@code run_id}, or an empty one. */
    MISSING_SESSION,
    /** Neither {@code kind} nor {@code stage}, or a value that names no stage. */
    UNKNOWN_KIND;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    public String label() {
        return label;
    }
}
