package io.exectrace.streams.serde;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;

/** Reads what {@link ByteSink} wrote; a truncated or malformed array fails with a {@link SerializationException}. */
final class ByteSource {

    private final byte[] bytes;
    private int position;

    ByteSource(final byte[] bytes) {
        this.bytes = bytes;
    }

    int readByte() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    int readInt() {
        require(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    long readLong() {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFFL);
        }
        return value;
    }

    double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    int readVarInt() {
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

    String readString() {
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

    <E extends Enum<E>> E readEnum(final E[] values, final String what) {
        final int ordinal = readByte();
        if (ordinal >= values.length) {
            throw new SerializationException("unknown " + what + " code " + ordinal);
        }
        return values[ordinal];
    }

    void requireEnd() {
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
