package io.exectrace.streams.ingest;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/** Key arithmetic of session routing, kept identical to what the Java producer's default partitioner does. */
final class SessionKeys {

    private SessionKeys() {
    }

    /** True when the UTF-8 bytes spell {@code text}; no allocation for ASCII. */
    static boolean spells(final byte[] utf8, final String text) {
        final int length = text.length();
        if (utf8.length == length) {
            boolean ascii = true;
            for (int i = 0; i < length; i++) {
                final char c = text.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                    break;
                }
                if (utf8[i] != (byte) c) {
                    return false;
                }
            }
            if (ascii) {
                return true;
            }
        } else if (utf8.length < length) {
            return false;
        }
        return java.util.Arrays.equals(utf8, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The partition the default partitioner (murmur2 of the serialized key) assigns, as the repartition topic does. */
    static int partitionFor(final byte[] keyBytes, final int partitions) {
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }
}
