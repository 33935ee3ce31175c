package io.exectrace.streams.ingest;

import org.apache.kafka.streams.processor.TaskId;

/**
 * Whether a stream task still has input waiting on its partitions. The idle clock ({@link ArrivalClock}) lets wall
 * time count only while the task is caught up: a task that is behind (a backlog after a restart, a stall) has
 * not seen what arrived since, so silence on wall time says nothing about its sessions.
 */
@FunctionalInterface
public interface InputBacklog {

    /** A backlog that cannot tell (tests, the offline viewer): the clock falls back to its own rules. */
    InputBacklog UNKNOWN = task -> null;

    /** True when input is waiting for {@code task}, false when it is caught up, null when unknown. */
    Boolean pending(TaskId task);

    /**
     * A wall time before which every record that reached {@code task}'s input partition has been read by the task
     * ({@link Long#MIN_VALUE} when none is known). A backlog that cannot tell answers {@code nowWallMillis} unless
     * it knows input is pending.
     */
    default long inputReadUpToAt(final TaskId task, final long nowWallMillis) {
        return Boolean.TRUE.equals(pending(task)) ? Long.MIN_VALUE : nowWallMillis;
    }

    /**
     * Whether {@code task}'s consumer holds fetched records its processors have not handled yet: the task is busy
     * working off input it already has (false when unknown).
     */
    default boolean buffered(final TaskId task) {
        return false;
    }

    /**
     * {@code task}'s processors say whether they are still catching up: working off input that had reached their
     * partition when the task started (after a restart, a move to this instance, or a recovery that rolled its
     * stores back to the last commit). Until then an answer read from its stores may be older than one given
     * before; a session missing from them may have been known already.
     */
    default void catchingUp(final TaskId task, final boolean catchingUp) {
        // nobody asks
    }

    /** Why {@link #pending} answers what it does for {@code task}, for a log line (empty when it cannot say). */
    default String explain(final TaskId task) {
        return "";
    }

    /** Where {@code task}'s processors note what they processed, for {@link #pending}. */
    default ProcessedOffsets offsets(final TaskId task) {
        return ProcessedOffsets.IGNORED;
    }
}
