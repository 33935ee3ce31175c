package io.exectrace.streams.timeline;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Bytes;

/**
 * Key layout of the {@code session-timeline} store, chosen so that byte order is (session, event time, fingerprint):
 * a 2-byte length and the session id's UTF-8, the event time in microseconds big-endian with the sign bit
 * flipped, then the event's 64-bit fingerprint. A range over one session between two times is one contiguous
 * scan, and a redelivered event maps to the same key.
 */
public final class TimelineKey {

    private static final int TS_AND_FINGERPRINT = 16;

    private TimelineKey() {
    }

    public static Bytes of(final String session, final long tsMicros, final long fingerprint) {
        final byte[] prefix = session.getBytes(StandardCharsets.UTF_8);
        final byte[] key = new byte[2 + prefix.length + TS_AND_FINGERPRINT];
        writePrefix(key, prefix);
        writeLong(key, 2 + prefix.length, tsMicros ^ Long.MIN_VALUE);
        writeLong(key, 2 + prefix.length + 8, fingerprint);
        return Bytes.wrap(key);
    }

    /** The smallest key of {@code session} at or after {@code tsMicros}. */
    public static Bytes lowerBound(final String session, final long tsMicros) {
        return of(session, tsMicros, 0L);
    }

    /** The largest key of {@code session} at or before {@code tsMicros}. */
    public static Bytes upperBound(final String session, final long tsMicros) {
        return of(session, tsMicros, -1L);
    }

    /** Event time of a key, in microseconds. */
    public static long tsMicros(final Bytes key) {
        final byte[] bytes = key.get();
        return readLong(bytes, bytes.length - TS_AND_FINGERPRINT) ^ Long.MIN_VALUE;
    }

    private static void writePrefix(final byte[] key, final byte[] prefix) {
        if (prefix.length > 0xFFFF) {
            throw new IllegalArgumentException("session id longer than 65535 bytes");
        }
        key[0] = (byte) (prefix.length >>> 8);
        key[1] = (byte) prefix.length;
        System.arraycopy(prefix, 0, key, 2, prefix.length);
    }

    private static void writeLong(final byte[] bytes, final int offset, final long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static long readLong(final byte[] bytes, final int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }
}
