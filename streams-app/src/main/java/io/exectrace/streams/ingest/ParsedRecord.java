package io.exectrace.streams.ingest;

import io.exectrace.events.ParseResult;

/**
 * A raw input value with the one parse of it: the source deserializer parses, the timestamp extractor, the
 * dead-letter step and the session attribution all read this result, so no record is parsed twice.
 *
 * <p>Not a record: the timestamp extractor, the only place that sees the input record's own Kafka timestamp
 * before it is replaced by the event time, stamps it here ({@link #arrivalMillis()}) for the session processor's
 * idle clock. Confined to the stream thread that deserialized it.
 */
public final class ParsedRecord {
    private final byte[] raw;
    private final ParseResult result;
    private long arrivalMillis = SessionInput.UNKNOWN_ARRIVAL;

    /**
     * @param raw    the value exactly as received (for the dead-letter topic), possibly {@code null}
     * @param result what the events parser made of it
     */
    ParsedRecord(final byte[] raw, final ParseResult result) {
        this.raw = raw;
        this.result = result;
    }

    public byte[] raw() {
        return raw;
    }

    public ParseResult result() {
        return result;
    }

    public boolean isValid() {
        return result instanceof ParseResult.Valid;
    }

    /** The input record's Kafka timestamp (epoch ms), or {@link SessionInput#UNKNOWN_ARRIVAL}. */
    long arrivalMillis() {
        return arrivalMillis;
    }

    void arrivedAt(final long millis) {
        arrivalMillis = millis >= 0 ? millis : SessionInput.UNKNOWN_ARRIVAL;
    }
}
