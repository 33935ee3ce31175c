package io.exectrace.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The 64-bit fingerprint of a raw record value: XXH64 (seed 0) over the bytes exactly as received.
 *
 * <p>XXH64 is a published, fixed algorithm, so the value is the same on every JVM and in every other
 * implementation (e.g. {@code xxhsum -H64}); redeliveries of the same record share it. It neither allocates
 * nor depends on platform byte order.
 */
public final class RecordFingerprint {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private RecordFingerprint() {
    }

    /** Fingerprint of a whole array. */
    public static long of(final byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** Fingerprint of {@code length} bytes of {@code buf} starting at {@code offset}. */
    public static long of(final byte[] buf, final int offset, final int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        final int end = offset + length;
        int p = offset;
        long h;
        if (length >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            final int limit = end - 32;
            do {
                v1 = round(v1, (long) LONG_LE.get(buf, p));
                v2 = round(v2, (long) LONG_LE.get(buf, p + 8));
                v3 = round(v3, (long) LONG_LE.get(buf, p + 16));
                v4 = round(v4, (long) LONG_LE.get(buf, p + 24));
                p += 32;
            } while (p <= limit);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = mergeRound(h, v1);
            h = mergeRound(h, v2);
            h = mergeRound(h, v3);
            h = mergeRound(h, v4);
        } else {
            h = P5;
        }
        h += length;

        while (p + 8 <= end) {
            h ^= round(0, (long) LONG_LE.get(buf, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            p += 8;
        }
        if (p + 4 <= end) {
            h ^= ((int) INT_LE.get(buf, p) & 0xFFFF_FFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        while (p < end) {
            h ^= (buf[p] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            p++;
        }

        return avalanche(h);
    }

    /**
     * A 64-bit fingerprint of an id held in memory: {@code first}, then each UTF-16 unit of {@code text} from
     * {@code from}, through XXH64's per-byte round (each step a bijection of the state) and its final mix. Not
     * XXH64 of any byte form; it allocates nothing, so a set of ids can keep fingerprints instead of strings.
     */
    public static long ofText(final char first, final CharSequence text, final int from) {
        Objects.checkIndex(from, text.length() + 1);
        long h = P5 + (text.length() - from) + 1;
        h = Long.rotateLeft(h ^ first * P5, 11) * P1;
        for (int i = from; i < text.length(); i++) {
            h = Long.rotateLeft(h ^ text.charAt(i) * P5, 11) * P1;
        }
        return avalanche(h);
    }

    private static long avalanche(final long value) {
        long h = value;
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(final long acc, final long lane) {
        return Long.rotateLeft(acc + lane * P2, 31) * P1;
    }

    private static long mergeRound(final long acc, final long value) {
        return (acc ^ round(0, value)) * P1 + P4;
    }
}
