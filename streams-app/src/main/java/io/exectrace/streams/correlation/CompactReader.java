package io.exectrace.streams.correlation;

import java.nio.charset.StandardCharsets;

/** Reader for the format of {@link CompactWriter}; throws {@link IllegalArgumentException} on truncated input. */
final class CompactReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    CompactReader(final byte[] buf) {
        this(buf, 0, buf.length);
    }

    CompactReader(final byte[] buf, final int offset, final int end) {
        this.buf = buf;
        this.pos = offset;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    int position() {
        return pos;
    }

    private void need(final int n) {
        if (pos + n > end) {
            throw new IllegalArgumentException("truncated state record at byte " + pos);
        }
    }

    int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            final int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint too long at byte " + pos);
    }

    int readVarInt() {
        final long v = readVarLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("varint out of int range: " + v);
        }
        return (int) v;
    }

    long readSignedVarLong() {
        final long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    long readFixedLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    double readDouble() {
        return Double.longBitsToDouble(readFixedLong());
    }

    String readString() {
        final long lenPlusOne = readVarLong();
        if (lenPlusOne == 0) {
            return null;
        }
        final long len = lenPlusOne - 1;
        if (len > end - pos) {
            throw new IllegalArgumentException("string length " + len + " beyond record end");
        }
        final String s = new String(buf, pos, (int) len, StandardCharsets.UTF_8);
        pos += (int) len;
        return s;
    }
}
