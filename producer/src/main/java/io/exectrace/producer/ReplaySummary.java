package io.exectrace.producer;

/**
 * What a replay sent.
 *
 * @param files        files read
 * @param records      records handed to the producer (valid and invalid lines alike)
 * @param invalidLines lines the parser rejected (sent anyway, so the pipeline counts them)
 * @param failed       records the broker did not acknowledge
 * @param elapsedNanos wall-clock time of the replay
 */
public record ReplaySummary(int files, long records, long invalidLines, long failed, long elapsedNanos) {

    public double recordsPerSecond() {
        return elapsedNanos == 0 ? 0 : records * 1e9 / elapsedNanos;
    }

    /** The one-line summary the CLI prints. */
    public String describe(final String topic) {
        return String.format(java.util.Locale.ROOT,
                "replayed %d records (%d invalid lines) from %d file(s) to %s in %.2f s (%.0f records/s)%s",
                records, invalidLines, files, topic, elapsedNanos / 1e9, recordsPerSecond(),
                failed == 0 ? "" : ", " + failed + " NOT delivered");
    }
}
