package io.exectrace.producer;

/** Receives progress while a replay runs; the CLI draws a bar on a terminal and stays quiet otherwise. */
public interface ReplayProgress {
    /** Called now and then with records sent so far and the total expected (-1 when unknown). */
    void update(long sent, long total, long elapsedNanos);

    ReplayProgress NONE = (sent, total, elapsedNanos) -> { };
}
