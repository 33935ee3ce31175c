package io.exectrace.streams.correlation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Byte keys of the {@code correlation-state} and {@code session-latency} stores. Every key starts with the
 * session: varint length + UTF-8 bytes, so one prefix scan returns exactly one session's entries (no separator
 * a session id could contain). Then, in {@code correlation-state}, a type byte and:
 * <ul>
 *   <li>{@link #CHAIN}: the chain's sequence number, 8 bytes big-endian (value: the chain's binary form);</li>
 *   <li>{@link #FINGERPRINT_CHUNK}: chunk number, 8 bytes (value: up to 32 fingerprints with their event
 *   times, see {@link MemoryCursor});</li>
 *   <li>{@link #ID_CHUNK}: chunk number, 8 bytes (value: up to 16 closed-chain ids with their close times).</li>
 * </ul>
 * In {@code session-latency} the session is followed by 0 (all symbols) or by 1 and the symbol's UTF-8 bytes.
 */
final class StateKeys {
    static final byte CHAIN = 1;
    static final byte FINGERPRINT_CHUNK = 2;
    static final byte ID_CHUNK = 3;
    private static final byte ALL_SYMBOLS = 0;
    private static final byte ONE_SYMBOL = 1;

    private StateKeys() {
    }

    static byte[] sessionPrefix(final String sessionId) {
        final byte[] utf8 = sessionId.getBytes(StandardCharsets.UTF_8);
        final CompactWriter w = new CompactWriter(utf8.length + 5);
        w.writeVarLong(utf8.length).writeBytes(utf8);
        return w.toByteArray();
    }

    static Bytes chain(final byte[] prefix, final long seq) {
        return Bytes.wrap(withLong(prefix, CHAIN, seq));
    }

    static Bytes fingerprintChunk(final byte[] prefix, final long chunk) {
        return Bytes.wrap(withLong(prefix, FINGERPRINT_CHUNK, chunk));
    }

    static Bytes idChunk(final byte[] prefix, final long chunk) {
        return Bytes.wrap(withLong(prefix, ID_CHUNK, chunk));
    }

    static Bytes latency(final String sessionId, final String symbol) {
        final byte[] prefix = sessionPrefix(sessionId);
        if (symbol == null) {
            final byte[] k = Arrays.copyOf(prefix, prefix.length + 1);
            k[prefix.length] = ALL_SYMBOLS;
            return Bytes.wrap(k);
        }
        final byte[] utf8 = symbol.getBytes(StandardCharsets.UTF_8);
        final byte[] k = Arrays.copyOf(prefix, prefix.length + 1 + utf8.length);
        k[prefix.length] = ONE_SYMBOL;
        System.arraycopy(utf8, 0, k, prefix.length + 1, utf8.length);
        return Bytes.wrap(k);
    }

    /** The symbol of a latency key below the given session prefix, null for the all-symbols key. */
    static String latencySymbol(final byte[] prefix, final byte[] key) {
        if (key.length <= prefix.length || key[prefix.length] == ALL_SYMBOLS) {
            return null;
        }
        return new String(key, prefix.length + 1, key.length - prefix.length - 1, StandardCharsets.UTF_8);
    }

    static long longAfterType(final byte[] prefix, final byte[] key) {
        long v = 0;
        for (int i = prefix.length + 1; i < prefix.length + 9; i++) {
            v = (v << 8) | (key[i] & 0xFF);
        }
        return v;
    }

    private static byte[] withLong(final byte[] prefix, final byte type, final long value) {
        final byte[] k = Arrays.copyOf(prefix, prefix.length + 9);
        k[prefix.length] = type;
        for (int i = 0; i < 8; i++) {
            k[prefix.length + 1 + i] = (byte) (value >>> (56 - 8 * i));
        }
        return k;
    }
}
