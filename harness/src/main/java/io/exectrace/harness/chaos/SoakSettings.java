package io.exectrace.harness.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link SoakExperiment} runs: sessions started one after another, a batch every {@link #BATCH_INTERVAL}, so
 * that about {@code liveSessions} are inside the retention at any time, for {@code periods} retention periods.
 *
 * @param workDir         broker data, the app's state and logs
 * @param seed            seed of the first batch (batch k has seed {@code seed * 1,000,000 + k})
 * @param retention       the app's {@code session.retention} (wall time, since expiry needs arrival times to age)
 * @param periods         run length in retention periods (at least 4 for the figures)
 * @param liveSessions    sessions started within one retention once the run is in its steady state
 * @param idleTimeout     the app's {@code idle.timeout} (a session is removed only after it was idle-closed)
 * @param sampleInterval  wall time between two samples of the state, heap and latencies
 * @param requests        requests per latency measurement, per endpoint
 * @param readyTimeout    how long a start (or a full restore) may take
 * @param appJvmOptions   the app's JVM options (the JVM's defaults for the rest, as {@code ./exectrace run})
 */
record SoakSettings(Path workDir, long seed, Duration retention, double periods, int liveSessions,
                    Duration idleTimeout, Duration sampleInterval, int requests, Duration readyTimeout,
                    List<String> appJvmOptions) {

    /** Wall time between two batches of new sessions. */
    static final Duration BATCH_INTERVAL = Duration.ofSeconds(1);
    /** Event time over which a batch's sessions start chains (each session about 6-8 lines). */
    static final Duration BATCH_EVENT_SPAN = Duration.ofSeconds(6);

    SoakSettings {
        if (periods <= 0 || liveSessions <= 0 || requests <= 0) {
            throw new IllegalArgumentException("periods, live sessions and requests must be positive");
        }
        appJvmOptions = List.copyOf(appJvmOptions);
        if (retention.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("retention must be at least the idle timeout");
        }
    }

    /** Sessions per batch: the live sessions spread over one retention. */
    int sessionsPerBatch() {
        return (int) Math.max(1, Math.round((double) liveSessions * BATCH_INTERVAL.toMillis() / retention.toMillis()));
    }

    /** Wall time sessions are started for. */
    Duration runTime() {
        return Duration.ofMillis((long) (retention.toMillis() * periods));
    }
}
