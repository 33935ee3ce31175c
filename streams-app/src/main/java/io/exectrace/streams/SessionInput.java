package io.exectrace.streams;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ParseErrorReason;

/**
 * What the per-session processor consumes, keyed by session id: a valid event, or the fact that a record
 * attributed to this session was invalid (so the session's parse-error rate lives in one store).
 *
 * @param event      the valid event, or {@code null} for a parse failure
 * @param parseError why the record was invalid, or {@code null} for a valid event
 */
public record SessionInput(ExecutionEvent event, ParseErrorReason parseError) {

    public SessionInput {
        if ((event == null) == (parseError == null)) {
            throw new IllegalArgumentException("exactly one of event and parseError must be set");
        }
    }

    public static SessionInput valid(final ExecutionEvent event) {
        return new SessionInput(event, null);
    }

    public static SessionInput invalid(final ParseErrorReason reason) {
        return new SessionInput(null, reason);
    }

    public boolean isValid() {
        return event != null;
    }
}
