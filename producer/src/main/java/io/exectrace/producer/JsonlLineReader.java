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
    private final LineFramer framer = new LineFramer(BUFFER);

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
        while (nextLine()) {
            final byte[] bytes = framer.bytes();
            if (!LineFramer.isBlank(bytes, framer.from(), framer.to())) {
                return Arrays.copyOfRange(bytes, framer.from(), framer.to());
            }
        }
        return null;
    }

    /** 1-based number of the line last returned by {@link #next()} (blank lines count). */
    public long lineNumber() {
        return framer.lineNumber();
    }

    /** Frames the next line, blank or not, reading as much as it takes; false at the end of the stream. */
    private boolean nextLine() throws IOException {
        while (!framer.next()) {
            if (framer.full()) {
                framer.makeRoom();
            }
            if (framer.read(in) <= 0) {
                return framer.last();
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
