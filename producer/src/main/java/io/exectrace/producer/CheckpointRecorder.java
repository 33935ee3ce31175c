package io.exectrace.producer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the tracked files' places to the {@link TailCheckpoint}: after a scan when any of them changed, and just
 * before a scan's transaction commits the places it will have made true, as pending, with one of its records.
 */
final class CheckpointRecorder {
    /** Logs as the tailer it serves. */
    private static final Logger LOG = LoggerFactory.getLogger(LogFolderTailer.class);

    private final TailCheckpoint checkpoint;
    private final Collection<TrackedLogFile> tracked;
    private List<TailCheckpoint.Entry> lastWritten = List.of();

    /** @param tracked the files followed, a live view */
    CheckpointRecorder(final TailCheckpoint checkpoint, final Collection<TrackedLogFile> tracked) {
        this.checkpoint = checkpoint;
        this.tracked = tracked;
    }

    Path file() {
        return checkpoint.file();
    }

    /** Replaces the checkpoint when any file's entry differs from the one written last. */
    void writeIfChanged() {
        final List<TailCheckpoint.Entry> entries = new ArrayList<>(tracked.size());
        for (final TrackedLogFile file : tracked) {
            entries.add(file.entry());
        }
        if (entries.equals(lastWritten)) {
            return;
        }
        try {
            checkpoint.write(entries);
            lastWritten = entries;
        } catch (IOException e) {
            LOG.warn("cannot write checkpoint {}: {}", checkpoint.file(), e.getMessage());
        }
    }

    /**
     * Replaces the checkpoint with the places before the scan and, as pending on {@code probe}, the places after
     * it (vanished files read to their end left out).
     */
    TailCheckpoint.Pending writePending(final RecordMetadata probe) throws IOException {
        final List<TailCheckpoint.Entry> before = new ArrayList<>(tracked.size());
        final List<TailCheckpoint.Entry> after = new ArrayList<>(tracked.size());
        for (final TrackedLogFile file : tracked) {
            before.add(file.entry());
            if (!(file.vanished && file.drained)) {
                after.add(file.entryAt(file.settledOffset()));
            }
        }
        final TailCheckpoint.Pending pending =
                new TailCheckpoint.Pending(probe.topic(), probe.partition(), probe.offset(), after);
        checkpoint.write(before, pending);
        lastWritten = List.of();
        return pending;
    }
}
