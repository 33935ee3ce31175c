package io.exectrace.streams.config;

/** What the stream threads do with a record whose processing throws an unexpected exception. */
public enum ProcessingErrorPolicy {
    /** Log it with its coordinates, send it to the dead-letter topic and continue (the default). */
    DLQ,
    /** Log it with its coordinates and continue. */
    LOG,
    /** Log it and stop the task; the thread is replaced and the record retried. */
    FAIL
}
