package io.exectrace.producer;

/**
 * One generated record: what to send and when, in the simulated clock.
 *
 * @param key           the session id (the record key)
 * @param value         the JSON line (or a deliberately invalid line)
 * @param arrivalMicros when the record is due, epoch microseconds of the simulated clock; records come in this
 *                      order, which differs from their event times where events were generated out of order
 */
public record SyntheticRecord(String key, byte[] value, long arrivalMicros) {
}
