package io.exectrace.producer;

import java.util.concurrent.atomic.AtomicLong;

/** The tailer's totals since it was created, counted by its parts as they happen. */
final class TailCounters {
    final AtomicLong records = new AtomicLong();
    final AtomicLong invalidLines = new AtomicLong();
    final AtomicLong skippedLines = new AtomicLong();
    final AtomicLong failedSends = new AtomicLong();
    final AtomicLong rotations = new AtomicLong();

    TailStatistics snapshot(final int files) {
        return new TailStatistics(records.get(), invalidLines.get(), skippedLines.get(), failedSends.get(),
                rotations.get(), files);
    }
}
