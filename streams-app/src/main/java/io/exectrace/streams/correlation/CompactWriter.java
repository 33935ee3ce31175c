package io.exectrace.streams.correlation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Growable little binary writer for the state serdes: varints (zig-zag for signed values), raw doubles and
 * length-prefixed UTF-8 strings. Not thread-safe; one instance is reused per serde call site.
 */
final class CompactWriter {
    private byte[] buf;
    private int pos;

    CompactWriter(final int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    CompactWriter reset() {
        pos = 0;
        return this;
    }

    int size() {
        return pos;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(final int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    CompactWriter writeByte(final int b) {
        ensure(1);
        buf[pos++] = (byte) b;
        return this;
    }

    CompactWriter writeBytes(final byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
        return this;
    }

    CompactWriter writeBytes(final CompactWriter other) {
        ensure(other.pos);
        System.arraycopy(other.buf, 0, buf, pos, other.pos);
        pos += other.pos;
        return this;
    }

    /** Unsigned LEB128; negative values take ten bytes, so use {@link #writeSignedVarLong} for those. */
    CompactWriter writeVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return this;
    }

    CompactWriter writeSignedVarLong(final long value) {
        return writeVarLong((value << 1) ^ (value >> 63));
    }

    /** Big-endian fixed eight bytes (keys use it so that byte order equals numeric order for non-negatives). */
    CompactWriter writeFixedLong(final long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (value >>> shift);
        }
        return this;
    }

    CompactWriter writeDouble(final double value) {
        return writeFixedLong(Double.doubleToRawLongBits(value));
    }

    /** A nullable string: varint (UTF-8 length + 1), 0 for null, then the bytes. */
    CompactWriter writeString(final String value) {
        if (value == null) {
            return writeVarLong(0);
        }
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(bytes.length + 1L);
        return writeBytes(bytes);
    }

    /** A nullable pre-encoded UTF-8 string (same format as {@link #writeString}). */
    CompactWriter writeUtf8(final byte[] utf8) {
        if (utf8 == null) {
            return writeVarLong(0);
        }
        writeVarLong(utf8.length + 1L);
        return writeBytes(utf8);
    }
}
