package io.exectrace.producer;

/**
 * Totals of a tailer since it was created.
 *
 * @param records      records acknowledged by the cluster
 * @param invalidLines of those, lines the parser rejects (sent anyway, so the pipeline counts them)
 * @param skippedLines lines the cluster refused for good (larger than the producer's maximum request)
 * @param failedSends  sends that failed and were retried from the file
 * @param rotations    files seen rotated away (renamed, removed) or truncated
 * @param files        log files tracked now
 */
public record TailStatistics(long records, long invalidLines, long skippedLines, long failedSends, long rotations,
                             int files) {

    /** The one-line summary the CLI prints when it stops. */
    public String describe(final String topic) {
        return "tail sent " + records + " records (" + invalidLines + " invalid lines) to " + topic
                + " from " + files + " file(s); " + rotations + " rotation(s)"
                + (skippedLines == 0 ? "" : ", " + skippedLines + " line(s) too large, skipped")
                + (failedSends == 0 ? "" : ", " + failedSends + " send(s) retried");
    }
}
