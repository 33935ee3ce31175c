package io.exectrace.streams.codec;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;

/** Reads what {@link ByteSink} wrote; a truncated or malformed array fails with a {@link SerializationException}. */
public final class ByteSource {

    private final byte[] bytes;
    private int position;

    public ByteSource(final byte[] bytes) {
        this.bytes = bytes;
    }

    public int readByte() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    public int readInt() {
        require(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    public long readLong() {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFFL);
        }
        return value;
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public int readVarInt() {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            final int b = readByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new SerializationException("malformed varint at byte " + position);
    }

    public String readString() {
        final int lengthPlusOne = readVarInt();
        if (lengthPlusOne == 0) {
            return null;
        }
        final int length = lengthPlusOne - 1;
        require(length);
        final String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    public <E extends Enum<E>> E readEnum(final E[] values, final String what) {
        final int ordinal = readByte();
        if (ordinal >= values.length) {
            throw new SerializationException("unknown " + what + " code " + ordinal);
        }
        return values[ordinal];
    }

    /** True when every byte has been read (a value written before a field was appended ends here). */
    public boolean atEnd() {
        return position == bytes.length;
    }

    public void requireEnd() {
        if (position != bytes.length) {
            throw new SerializationException((bytes.length - position) + " trailing bytes");
        }
    }

    private void require(final int count) {
        if (count < 0 || position + count > bytes.length) {
            throw new SerializationException("truncated: need " + count + " bytes at " + position + " of "
                    + bytes.length);
        }
    }
}
