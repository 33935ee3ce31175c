package io.exectrace.events;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Best-effort byte scan for {@code "session_id": "..."} (then {@code "run_id": "..."}) in a record that is not
 * well-formed JSON, e.g. a line truncated by a crashing producer. Only the error path uses it.
 *
 * <p>It looks at the first {@value #SCAN_LIMIT} bytes only (both dialects write the session near the start),
 * skips keys preceded by a backslash (they sit inside a string value), and accepts only a complete,
 * properly escaped, valid UTF-8 string value of at most {@link ExecutionEventParser#MAX_SESSION_ID_LENGTH}
 * characters, so a value cut off by truncation is never mistaken for the session.
 */
final class SessionIdScanner {
    static final int SCAN_LIMIT = 64 * 1024;

    private static final byte[] SESSION_ID_KEY = "\"session_id\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RUN_ID_KEY = "\"run_id\"".getBytes(StandardCharsets.US_ASCII);

    private SessionIdScanner() {
    }

    /** The session id found in {@code buf[from, to)}, or {@code null}. */
    static String scan(final byte[] buf, final int from, final int to) {
        final int limit = Math.min(to, from + SCAN_LIMIT);
        final String sessionId = valueOf(buf, from, limit, SESSION_ID_KEY);
        return sessionId != null ? sessionId : valueOf(buf, from, limit, RUN_ID_KEY);
    }

    private static String valueOf(final byte[] buf, final int from, final int limit, final byte[] key) {
        for (int i = indexOf(buf, from, limit, key); i >= 0; i = indexOf(buf, i + 1, limit, key)) {
            if (i > from && buf[i - 1] == '\\') {
                continue;
            }
            int p = skipWhitespace(buf, i + key.length, limit);
            if (p >= limit || buf[p] != ':') {
                continue;
            }
            p = skipWhitespace(buf, p + 1, limit);
            if (p >= limit || buf[p] != '"') {
                continue;
            }
            final String value = stringAt(buf, p + 1, limit);
            if (value != null && !value.isBlank() && value.length() <= ExecutionEventParser.MAX_SESSION_ID_LENGTH) {
                return value;
            }
        }
        return null;
    }

    /** Decodes the JSON string body starting at {@code start} up to its closing quote; null if malformed. */
    private static String stringAt(final byte[] buf, final int start, final int limit) {
        final int maxBytes = ExecutionEventParser.MAX_SESSION_ID_LENGTH * 4;
        final StringBuilder out = new StringBuilder();
        int runStart = start;
        int p = start;
        while (p < limit && p - start <= maxBytes * 2) {
            final int b = buf[p] & 0xFF;
            if (b == '"') {
                return appendUtf8(out, buf, runStart, p) ? out.toString() : null;
            }
            if (b < 0x20) {
                return null;
            }
            if (b != '\\') {
                p++;
                continue;
            }
            if (!appendUtf8(out, buf, runStart, p) || p + 1 >= limit) {
                return null;
            }
            final char escaped;
            int next = p + 2;
            switch (buf[p + 1]) {
                case '"' -> escaped = '"';
                case '\\' -> escaped = '\\';
                case '/' -> escaped = '/';
                case 'b' -> escaped = '\b';
                case 'f' -> escaped = '\f';
                case 'n' -> escaped = '\n';
                case 'r' -> escaped = '\r';
                case 't' -> escaped = '\t';
                case 'u' -> {
                    final int code = hex4(buf, p + 2, limit);
                    if (code < 0) {
                        return null;
                    }
                    escaped = (char) code;
                    next = p + 6;
                }
                default -> {
                    return null;
                }
            }
            out.append(escaped);
            p = next;
            runStart = p;
        }
        return null;
    }

    private static boolean appendUtf8(final StringBuilder out, final byte[] buf, final int from, final int to) {
        if (from == to) {
            return true;
        }
        try {
            final CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buf, from, to - from));
            out.append(chars);
            return true;
        } catch (CharacterCodingException malformed) {
            return false;
        }
    }

    private static int hex4(final byte[] buf, final int from, final int limit) {
        if (from + 4 > limit) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            final int digit = Character.digit(buf[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static int skipWhitespace(final byte[] buf, final int from, final int limit) {
        int p = from;
        while (p < limit && (buf[p] == ' ' || buf[p] == '\t' || buf[p] == '\n' || buf[p] == '\r')) {
            p++;
        }
        return p;
    }

    private static int indexOf(final byte[] buf, final int from, final int limit, final byte[] key) {
        final int last = limit - key.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int k = 0; k < key.length; k++) {
                if (buf[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
