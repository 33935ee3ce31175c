package io.exectrace.streams.ingest;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ParseErrorReason;

/**
 * What the per-session processor consumes, keyed by session id: a valid event, or the fact that a record
 * attributed to this session was invalid (so the session's parse-error rate lives in one store). On the session
 * repartition topic a third kind travels too: a progress mark of one input partition ({@link #progress}), which the
 * producer-order merge uses to know how far every input partition has been read.
 *
 * @param event           the valid event, or {@code null} for a parse failure or a progress mark
 * @param parseError      why the record was invalid, or {@code null} for a valid event or a progress mark
 * @param arrivalMillis   when the record reached the input topic (its Kafka timestamp, epoch ms) or
 *                        {@link #UNKNOWN_ARRIVAL}; the session processor measures idleness on this clock, so a
 *                        backlog processed late is judged by when its records arrived, not when they were
 *                        processed. For a progress mark: the newest arrival its input partition has handed on.
 * @param sourcePartition the input partition the record was read from, {@link #UNKNOWN_SOURCE} when not known
 * @param sourceOffset    its offset there, {@link #UNKNOWN_SOURCE} when not known (and for a progress mark)
 */
public record SessionInput(ExecutionEvent event, ParseErrorReason parseError, long arrivalMillis,
                           int sourcePartition, long sourceOffset) {

    /** {@link #arrivalMillis()} of an input whose arrival time is not known. */
    public static final long UNKNOWN_ARRIVAL = -1L;

    /** {@link #sourcePartition()} and {@link #sourceOffset()} of an input whose origin is not known. */
    public static final int UNKNOWN_SOURCE = -1;

    public SessionInput {
        if (event != null && parseError != null) {
            throw new IllegalArgumentException("at most one of event and parseError may be set");
        }
        if (event == null && parseError == null && sourcePartition < 0) {
            throw new IllegalArgumentException("a progress mark needs its source partition");
        }
        if (arrivalMillis < 0) {
            arrivalMillis = UNKNOWN_ARRIVAL;
        }
        if (sourcePartition < 0 || sourceOffset < 0) {
            sourceOffset = UNKNOWN_SOURCE;
        }
        if (sourcePartition < 0) {
            sourcePartition = UNKNOWN_SOURCE;
        }
    }

    public static SessionInput valid(final ExecutionEvent event) {
        return new SessionInput(event, null, UNKNOWN_ARRIVAL, UNKNOWN_SOURCE, UNKNOWN_SOURCE);
    }

    public static SessionInput invalid(final ParseErrorReason reason) {
        return new SessionInput(null, reason, UNKNOWN_ARRIVAL, UNKNOWN_SOURCE, UNKNOWN_SOURCE);
    }

    /**
     * A progress mark: input partition {@code partition} has handed on every record that arrived before
     * {@code arrivalMillis} (within the reorder window for records that arrive with an older timestamp).
     */
    public static SessionInput progress(final int partition, final long arrivalMillis) {
        return new SessionInput(null, null, arrivalMillis, partition, UNKNOWN_SOURCE);
    }

    /** This input with its arrival time on the input topic. */
    public SessionInput arrivedAt(final long millis) {
        return new SessionInput(event, parseError, millis, sourcePartition, sourceOffset);
    }

    /** This input with the input partition and offset it was read from. */
    public SessionInput readFrom(final int partition, final long offset) {
        return new SessionInput(event, parseError, arrivalMillis, partition, offset);
    }

    public boolean isValid() {
        return event != null;
    }

    /** Whether this is a progress mark, not a record of a session. */
    public boolean isProgress() {
        return event == null && parseError == null;
    }

    public boolean arrivalKnown() {
        return arrivalMillis != UNKNOWN_ARRIVAL;
    }

    /** Whether the input partition and offset this record was read from are known. */
    public boolean sourceKnown() {
        return sourcePartition != UNKNOWN_SOURCE && sourceOffset != UNKNOWN_SOURCE;
    }
}
