package io.exectrace.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 well-formedness (the Unicode standard's table 3-7): no overlong forms, no surrogates, nothing above
 * U+10FFFF. Jackson decodes some ill-formed sequences silently ({@code C0 AF} becomes {@code /}), which would let a
 * hostile record smuggle characters into a session id past any byte-level check; the contract says records are
 * UTF-8, so such a record is invalid.
 */
final class StrictUtf8 {
    /** Eight bytes at a time: ASCII, nearly all of a record, is skipped a word at a time. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private StrictUtf8() {
    }

    /** Index of the first byte of the first ill-formed sequence in {@code [from, to)}, or -1 when all is well. */
    static int firstInvalid(final byte[] b, final int from, final int to) {
        int i = from;
        while (i < to) {
            if (i + Long.BYTES <= to && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            if (b[i] >= 0) {
                i++;
                continue;
            }
            final int lead = b[i] & 0xFF;
            if (lead < 0xC2 || lead > 0xF4) {
                return i;
            }
            if (lead < 0xE0) {
                if (i + 1 >= to || !continuation(b[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (lead < 0xF0) {
                // E0 needs A0..BF next (else overlong), ED needs 80..9F (else a surrogate).
                if (i + 2 >= to || !inRange(b[i + 1], lead == 0xE0 ? 0xA0 : 0x80, lead == 0xED ? 0x9F : 0xBF)
                        || !continuation(b[i + 2])) {
                    return i;
                }
                i += 3;
            } else {
                // F0 needs 90..BF next (else overlong), F4 needs 80..8F (else above U+10FFFF).
                if (i + 3 >= to || !inRange(b[i + 1], lead == 0xF0 ? 0x90 : 0x80, lead == 0xF4 ? 0x8F : 0xBF)
                        || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                    return i;
                }
                i += 4;
            }
        }
        return -1;
    }

    private static boolean continuation(final byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean inRange(final byte b, final int low, final int high) {
        final int v = b & 0xFF;
        return v >= low && v <= high;
    }
}
