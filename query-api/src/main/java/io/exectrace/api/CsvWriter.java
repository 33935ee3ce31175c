package io.exectrace.api;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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

    private static final int BUFFER_CHARS = 16 * 1024;

    private final Writer out;
    private boolean rowStarted;

    CsvWriter(final OutputStream stream) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_CHARS);
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
                write(c);
            }
            write('"');
        } else {
            if (formula) {
                write('\'');
            }
            write(value);
        }
        return this;
    }

    /** A numeric cell written as is; NaN (an absent value) is an empty cell. */
    CsvWriter number(final double value) {
        separator();
        if (!Double.isNaN(value)) {
            write(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value));
        }
        return this;
    }

    /** An integral numeric cell. */
    CsvWriter number(final long value) {
        separator();
        write(Long.toString(value));
        return this;
    }

    /** Ends the current row with CRLF. */
    CsvWriter endRow() {
        write("\r\n");
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

    private void separator() {
        if (rowStarted) {
            write(',');
        }
        rowStarted = true;
    }

    private void write(final char c) {
        try {
            out.write(c);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(final String s) {
        try {
            out.write(s);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
