package io.exectrace.producer;

/**
 * What one scan of the folder did.
 *
 * @param files        log files tracked after the scan
 * @param records      records the cluster acknowledged in this scan
 * @param failed       records the cluster did not acknowledge (their lines are read again by the next scan)
 * @param morePending  true when the scan stopped at its byte budget with more to read
 */
public record TailPass(int files, long records, long failed, boolean morePending) {
}
