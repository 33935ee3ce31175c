package io.exectrace.streams.codec;

import java.nio.charset.StandardCharsets;

/** Writes fixed-size binary fields into an array sized beforehand with the matching {@code sizeOf} methods. */
public final class ByteSink {

    private final byte[] bytes;
    private int position;

    public ByteSink(final int size) {
        this.bytes = new byte[size];
    }

    public byte[] bytes() {
        if (position != bytes.length) {
            throw new IllegalStateException("wrote " + position + " of " + bytes.length + " bytes");
        }
        return bytes;
    }

    public void writeByte(final int value) {
        bytes[position++] = (byte) value;
    }

    public void writeInt(final int value) {
        bytes[position++] = (byte) (value >>> 24);
        bytes[position++] = (byte) (value >>> 16);
        bytes[position++] = (byte) (value >>> 8);
        bytes[position++] = (byte) value;
    }

    public void writeLong(final long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[position++] = (byte) (value >>> shift);
        }
    }

    /** Raw bits, so NaN payloads and -0.0 survive. */
    public void writeDouble(final double value) {
        writeLong(Double.doubleToRawLongBits(value));
    }

    public void writeVarInt(final int value) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            bytes[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[position++] = (byte) v;
    }

    /** Length+1 as a varint (0 = null), then UTF-8; ASCII is copied without an intermediate array. */
    public void writeString(final String value) {
        if (value == null) {
            writeVarInt(0);
            return;
        }
        if (isAscii(value)) {
            final int length = value.length();
            writeVarInt(length + 1);
            for (int i = 0; i < length; i++) {
                bytes[position++] = (byte) value.charAt(i);
            }
            return;
        }
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarInt(utf8.length + 1);
        System.arraycopy(utf8, 0, bytes, position, utf8.length);
        position += utf8.length;
    }

    public static int sizeOfVarInt(final int value) {
        int v = value;
        int size = 1;
        while ((v & ~0x7F) != 0) {
            size++;
            v >>>= 7;
        }
        return size;
    }

    public static int sizeOfString(final String value) {
        if (value == null) {
            return 1;
        }
        final int length = isAscii(value) ? value.length() : utf8Length(value);
        return sizeOfVarInt(length + 1) + length;
    }

    private static boolean isAscii(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Exactly what {@code getBytes(UTF_8)} produces, including '?' for a lone surrogate. */
    private static int utf8Length(final String value) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
