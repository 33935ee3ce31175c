package io.exectrace.events;

/** Outcome of parsing one record value: a normalized event, or a typed reason why it is invalid. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

    /** A record that normalized into an event. */
    record Valid(ExecutionEvent event) implements ParseResult {
    }

    /**
     * A record that is not a valid event.
     *
     * @param reason      the typed reason
     * @param detail      a short human-readable explanation (never the whole input)
     * @param sessionHint the session id if one could still be read from the record, else {@code null}
     */
    record Invalid(ParseErrorReason reason, String detail, String sessionHint) implements ParseResult {
    }
}
