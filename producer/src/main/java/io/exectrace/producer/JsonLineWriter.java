package io.exectrace.producer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one JSON object as UTF-8 bytes into a reusable buffer: strings are escaped per RFC 8259 (quote,
 * backslash and control characters; other characters UTF-8 encoded, a lone surrogate replaced by U+FFFD), so
 * any Java string makes valid JSON. Field order is the caller's; no whitespace, as services write JSONL.
 */
final class JsonLineWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;
    /** Per nesting level: true when the next field needs a comma. */
    private final boolean[] needsComma = new boolean[8];
    private int depth;
    private boolean spaced;

    JsonLineWriter(final int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    /** Python's {@code json.dumps} separators ({@code ", "} and {@code ": "}), as Peak_Trade's emitter writes. */
    JsonLineWriter spaced(final boolean value) {
        spaced = value;
        return this;
    }

    JsonLineWriter reset() {
        len = 0;
        depth = 0;
        return this;
    }

    JsonLineWriter beginObject() {
        raw('{');
        needsComma[++depth] = false;
        return this;
    }

    JsonLineWriter beginObject(final String name) {
        name(name);
        return beginObject();
    }

    JsonLineWriter endObject() {
        raw('}');
        depth--;
        return this;
    }

    /** A string field; {@code null} writes nothing. */
    JsonLineWriter field(final String name, final String value) {
        if (value != null) {
            name(name);
            string(value);
        }
        return this;
    }

    /** A string field written as JSON {@code null} when the value is null (ledger v1 writes absent ids so). */
    JsonLineWriter fieldOrNull(final String name, final String value) {
        name(name);
        if (value == null) {
            ascii("null");
        } else {
            string(value);
        }
        return this;
    }

    /** A number field; NaN (absent) and infinities (not JSON) write nothing. */
    JsonLineWriter field(final String name, final double value) {
        if (Double.isFinite(value)) {
            name(name);
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                number((long) value);
                ascii(".0");
            } else {
                ascii(Double.toString(value));
            }
        }
        return this;
    }

    JsonLineWriter field(final String name, final boolean value) {
        name(name);
        ascii(value ? "true" : "false");
        return this;
    }

    /** A number field whose text the caller formatted (digits, one dot, optional minus). */
    JsonLineWriter numberField(final String name, final CharSequence digits) {
        name(name);
        ascii(digits);
        return this;
    }

    /** A field whose value the caller writes next with {@link #raw} (e.g. a timestamp). */
    JsonLineWriter name(final String name) {
        if (needsComma[depth]) {
            raw(',');
            if (spaced) {
                raw(' ');
            }
        }
        needsComma[depth] = true;
        string(name);
        raw(':');
        if (spaced) {
            raw(' ');
        }
        return this;
    }

    void number(final long value) {
        ascii(Long.toString(value));
    }

    void ascii(final CharSequence text) {
        final int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) text.charAt(i);
        }
    }

    void raw(final char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    void raw(final byte b) {
        ensure(1);
        buf[len++] = b;
    }

    void raw(final byte[] bytes, final int from, final int count) {
        ensure(count);
        System.arraycopy(bytes, from, buf, len, count);
        len += count;
    }

    void string(final String s) {
        final int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                buf[len++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                ensure(2);
                buf[len++] = '\\';
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                final int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                final char ch = Character.isSurrogate(c) ? '\uFFFD' : c;
                ensure(3);
                buf[len++] = (byte) (0xE0 | (ch >> 12));
                buf[len++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        ensure(1);
        buf[len++] = '"';
    }

    private void escapeControl(final char c) {
        ensure(6);
        buf[len++] = '\\';
        switch (c) {
            case '\n' -> buf[len++] = 'n';
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            case '\b' -> buf[len++] = 'b';
            case '\f' -> buf[len++] = 'f';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    String toUtf8String() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    int length() {
        return len;
    }

    private void ensure(final int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
