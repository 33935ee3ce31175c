package io.exectrace.api;

import io.exectrace.events.IsoTimestamp;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 4180 CSV (UTF-8, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF) row by row to
 * a stream, so an export of any size needs only the writer's small buffer.
 *
 * <p>Text cells that a spreadsheet would run as a formula (starting with {@code = + - @}, tab or CR) get a leading
 * single quote, the OWASP recommendation against CSV injection: {@code =HYPERLINK(...)} is written as
 * {@code '=HYPERLINK(...)}. Numbers are written with {@link #number} and never altered, so {@code -5} stays a number.
 */
final class CsvWriter implements Flushable, Closeable {

    private static final int BUFFER_BYTES = 8 * 1024;
    /** Room {@link #ensure} keeps for one cell piece: a UTF-8 character, a long's digits or a timestamp. */
    private static final int PIECE_BYTES = 32;
    private static final byte[] BASE64_URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    // Encoded here rather than through an OutputStreamWriter: nearly every cell is ASCII, and the charset
    // encoder's per-write bookkeeping cost more than the rows' formatting.
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int length;
    private boolean rowStarted;

    CsvWriter(final OutputStream stream) {
        this.out = stream;
    }

    /** Writes a header or any row of text cells and ends it. */
    CsvWriter row(final String... cells) {
        for (final String cell : cells) {
            text(cell);
        }
        return endRow();
    }

    /** A text cell: escaped against formula injection and quoted when needed; null is an empty cell. */
    CsvWriter text(final String value) {
        separator();
        if (value == null || value.isEmpty()) {
            return this;
        }
        final boolean formula = startsFormula(value.charAt(0));
        if (needsQuotes(value)) {
            write('"');
            if (formula) {
                write('\'');
            }
            for (int i = 0; i < value.length(); i++) {
                final char c = value.charAt(i);
                if (c == '"') {
                    write('"');
                }
                i = writeChar(value, i);
            }
            write('"');
        } else {
            if (formula) {
                write('\'');
            }
            for (int i = 0; i < value.length(); i++) {
                i = writeChar(value, i);
            }
        }
        return this;
    }

    /**
     * An ISO-8601 UTC time cell for epoch microseconds, the text of {@link java.time.Instant#toString()} (fraction
     * only when not zero, three or six digits).
     */
    CsvWriter isoMicros(final long micros) {
        separator();
        ensure(PIECE_BYTES);
        final int end = IsoTimestamp.writeInstantText(micros, buffer, length);
        if (end >= 0) {
            length = end;
        } else {
            writeAscii(EventView.iso(micros));
        }
        return this;
    }

    /** A cell of bytes as unpadded base64url text (the alphabet needs no quotes; a leading '-' is escaped). */
    CsvWriter base64Url(final byte[] bytes) {
        separator();
        if (bytes.length > 0 && startsFormula((char) BASE64_URL[(bytes[0] & 0xFF) >>> 2])) {
            write('\'');
        }
        int i = 0;
        for (; i + 3 <= bytes.length; i += 3) {
            ensure(PIECE_BYTES);
            final int bits = (bytes[i] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | bytes[i + 2] & 0xFF;
            buffer[length++] = BASE64_URL[bits >>> 18];
            buffer[length++] = BASE64_URL[bits >>> 12 & 0x3F];
            buffer[length++] = BASE64_URL[bits >>> 6 & 0x3F];
            buffer[length++] = BASE64_URL[bits & 0x3F];
        }
        final int rest = bytes.length - i;
        if (rest > 0) {
            ensure(PIECE_BYTES);
            final int bits = (bytes[i] & 0xFF) << 16 | (rest == 2 ? (bytes[i + 1] & 0xFF) << 8 : 0);
            buffer[length++] = BASE64_URL[bits >>> 18];
            buffer[length++] = BASE64_URL[bits >>> 12 & 0x3F];
            if (rest == 2) {
                buffer[length++] = BASE64_URL[bits >>> 6 & 0x3F];
            }
        }
        return this;
    }

    /** A numeric cell written as is; NaN (an absent value) is an empty cell. */
    CsvWriter number(final double value) {
        if (!Double.isNaN(value) && value == Math.rint(value) && Math.abs(value) < 1e15) {
            return number((long) value);
        }
        separator();
        if (!Double.isNaN(value)) {
            writeAscii(Double.toString(value));
        }
        return this;
    }

    /** An integral numeric cell. */
    CsvWriter number(final long value) {
        separator();
        if (value == Long.MIN_VALUE) {
            writeAscii(Long.toString(value));
            return this;
        }
        ensure(PIECE_BYTES);
        long rest = value;
        if (rest < 0) {
            buffer[length++] = '-';
            rest = -rest;
        }
        int at = length + digitCount(rest);
        length = at;
        do {
            buffer[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest != 0);
        return this;
    }

    /** Ends the current row with CRLF. */
    CsvWriter endRow() {
        ensure(2);
        buffer[length++] = '\r';
        buffer[length++] = '\n';
        rowStarted = false;
        return this;
    }

    static boolean startsFormula(final char first) {
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    private static boolean needsQuotes(final String value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    private static int digitCount(final long positive) {
        int n = 1;
        for (long v = positive; v >= 10; v /= 10) {
            n++;
        }
        return n;
    }

    private void separator() {
        if (rowStarted) {
            write(',');
        }
        rowStarted = true;
    }

    private void write(final char ascii) {
        ensure(1);
        buffer[length++] = (byte) ascii;
    }

    private void writeAscii(final String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            write(ascii.charAt(i));
        }
    }

    /** Writes the character at {@code i} as UTF-8; returns the index of its last char (a surrogate pair's second). */
    private int writeChar(final String s, final int i) {
        ensure(4);
        final char c = s.charAt(i);
        if (c < 0x80) {
            buffer[length++] = (byte) c;
        } else if (c < 0x800) {
            buffer[length++] = (byte) (0xC0 | c >> 6);
            buffer[length++] = (byte) (0x80 | c & 0x3F);
        } else if (!Character.isSurrogate(c)) {
            buffer[length++] = (byte) (0xE0 | c >> 12);
            buffer[length++] = (byte) (0x80 | c >> 6 & 0x3F);
            buffer[length++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            final int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buffer[length++] = (byte) (0xF0 | cp >> 18);
            buffer[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buffer[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buffer[length++] = (byte) (0x80 | cp & 0x3F);
            return i + 1;
        } else {
            // an unpaired surrogate is not text: '?' as Java's own UTF-8 encoder writes it
            buffer[length++] = '?';
        }
        return i;
    }

    private void ensure(final int bytes) {
        if (length + bytes > buffer.length) {
            drain();
        }
    }

    private void drain() {
        try {
            out.write(buffer, 0, length);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        length = 0;
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
