package io.exectrace.streams.reorder;

import java.util.function.IntSupplier;

/** Receives what the reorder stage sees of the input's disorder, for metrics. */
public interface ReorderListener {

    /** A listener that records nothing (tests, the offline viewer). */
    ReorderListener NONE = new ReorderListener() {
        @Override
        public void arrived(final long arrivalBehindMillis, final long eventBehindMicros) {
        }

        @Override
        public void late() {
        }

        @Override
        public void waiting(final String task, final IntSupplier records) {
        }

        @Override
        public void stopWaiting(final String task) {
        }
    };

    /**
     * A record arrived this far behind the newest arrival its task had seen, and this far behind the newest event
     * time its session had shown (both 0 when in order).
     */
    void arrived(long arrivalBehindMillis, long eventBehindMicros);

    /** A record arrived after the merge had released past its arrival time: it could not be put in order. */
    void late();

    /** How many records wait in {@code task}'s buffer, read when metrics are scraped. */
    void waiting(String task, IntSupplier records);

    /** {@code task} closed: its buffer is no longer read. */
    void stopWaiting(String task);
}
