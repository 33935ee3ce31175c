package io.exectrace.producer;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a JSONL stream line by line as raw bytes, exactly as written (the pipeline must see invalid lines
 * byte for byte). Only the {@code \n} terminator is removed; blank lines are skipped. A last line without a
 * terminator is returned too: a finished file's last line is complete.
 */
public final class JsonlLineReader implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long lineNumber;
    private byte[] line = new byte[1024];

    public JsonlLineReader(final InputStream in) {
        this.in = in;
    }

    /** Opens a file, transparently gunzipping {@code *.gz}. */
    public static JsonlLineReader open(final Path file) throws IOException {
        final InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        final InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, BUFFER) : raw;
        return new JsonlLineReader(in);
    }

    /** The next non-blank line without its terminator, or {@code null} at the end of the stream. */
    public byte[] next() throws IOException {
        while (true) {
            final int length = readLine();
            if (length < 0) {
                return null;
            }
            lineNumber++;
            if (!isBlank(line, length)) {
                return Arrays.copyOf(line, length);
            }
        }
    }

    /** 1-based number of the line last returned by {@link #next()} (blank lines count). */
    public long lineNumber() {
        return lineNumber;
    }

    private int readLine() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? length : -1;
                }
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            final int chunk = end - position;
            if (length + chunk > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
            }
            System.arraycopy(buffer, position, line, length, chunk);
            length += chunk;
            if (end < limit) {
                position = end + 1;
                return length;
            }
            position = limit;
        }
    }

    private static boolean isBlank(final byte[] bytes, final int length) {
        for (int i = 0; i < length; i++) {
            final byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
