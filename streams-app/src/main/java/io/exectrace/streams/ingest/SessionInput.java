package io.exectrace.streams.ingest;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ParseErrorReason;

/**
 * What the per-session processor consumes, keyed by session id: a valid event, or the fact that a record
 * attributed to this session was invalid (so the session's parse-error rate lives in one store).
 *
 * @param event         the valid event, or {@code null} for a parse failure
 * @param parseError    why the record was invalid, or {@code null} for a valid event
 * @param arrivalMillis when the record reached the input topic (its Kafka timestamp, epoch ms) or
 *                      {@link #UNKNOWN_ARRIVAL}; the session processor measures idleness on this clock, so a
 *                      backlog processed late is judged by when its records arrived, not when they were processed
 */
public record SessionInput(ExecutionEvent event, ParseErrorReason parseError, long arrivalMillis) {

    /** {@link #arrivalMillis()} of an input whose arrival time is not known. */
    public static final long UNKNOWN_ARRIVAL = -1L;

    public SessionInput {
        if ((event == null) == (parseError == null)) {
            throw new IllegalArgumentException("exactly one of event and parseError must be set");
        }
        if (arrivalMillis < 0) {
            arrivalMillis = UNKNOWN_ARRIVAL;
        }
    }

    public static SessionInput valid(final ExecutionEvent event) {
        return new SessionInput(event, null, UNKNOWN_ARRIVAL);
    }

    public static SessionInput invalid(final ParseErrorReason reason) {
        return new SessionInput(null, reason, UNKNOWN_ARRIVAL);
    }

    /** This input with its arrival time on the input topic. */
    public SessionInput arrivedAt(final long millis) {
        return new SessionInput(event, parseError, millis);
    }

    public boolean isValid() {
        return event != null;
    }

    public boolean arrivalKnown() {
        return arrivalMillis != UNKNOWN_ARRIVAL;
    }
}
