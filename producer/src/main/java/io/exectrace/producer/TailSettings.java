package io.exectrace.producer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link LogFolderTailer} follows and where it keeps its place.
 *
 * @param folder        the folder of {@code *.jsonl} logs ({@code logs/execution})
 * @param topic         the input topic
 * @param checkpoint    the checkpoint file (file identity + byte offset per log file)
 * @param startPosition where files start that the checkpoint does not know, when there is no checkpoint yet
 * @param pollInterval  pause between two scans of the folder when nothing was pending
 */
public record TailSettings(Path folder, String topic, Path checkpoint, StartPosition startPosition,
                           Duration pollInterval) {

    /** The checkpoint file used when none is named: a hidden file inside the folder. */
    public static final String DEFAULT_CHECKPOINT_NAME = ".exectrace-tail.checkpoint";

    public TailSettings {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(startPosition, "startPosition");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (checkpoint == null) {
            checkpoint = folder.resolve(DEFAULT_CHECKPOINT_NAME);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
    }

    /** Defaults: checkpoint in the folder, start at the beginning, scan every 200 ms. */
    public static TailSettings of(final Path folder, final String topic) {
        return new TailSettings(folder, topic, null, StartPosition.BEGINNING, Duration.ofMillis(200));
    }

    public TailSettings withCheckpoint(final Path file) {
        return new TailSettings(folder, topic, file, startPosition, pollInterval);
    }

    public TailSettings withStartPosition(final StartPosition position) {
        return new TailSettings(folder, topic, checkpoint, position, pollInterval);
    }

    public TailSettings withPollInterval(final Duration interval) {
        return new TailSettings(folder, topic, checkpoint, startPosition, interval);
    }
}
