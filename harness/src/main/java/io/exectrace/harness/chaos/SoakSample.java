package io.exectrace.harness.chaos;

/**
 * One sample of the soak: how much state the app keeps and how fast it answers.
 *
 * @param elapsedSeconds  wall time since the first batch
 * @param startedSessions sessions started so far
 * @param liveSessions    sessions started within the last retention
 * @param removedSessions the app's {@code sessions_removed_total} (-1: not read)
 * @param stateBytes      the app's state directory on disk
 * @param changelogBytes  the app's changelog topics in the broker's log directory
 * @param heapBytes       the app's used heap (-1: not read)
 * @param list            {@code GET /api/sessions?limit=100}
 * @param summary         {@code GET /api/sessions/{id}} of live sessions
 */
record SoakSample(double elapsedSeconds, long startedSessions, long liveSessions, long removedSessions,
                  long stateBytes, long changelogBytes, long heapBytes, LatencyFigures list, LatencyFigures summary) {

    /** Latency percentiles of one endpoint in one sample, in milliseconds. */
    record LatencyFigures(int requests, double p50, double p99, double max, int failed) {
    }
}
