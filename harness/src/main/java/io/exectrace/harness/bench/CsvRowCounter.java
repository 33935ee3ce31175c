package io.exectrace.harness.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the records of an RFC 4180 CSV stream and its bytes as they arrive, without keeping them: a line end
 * inside a quoted field does not end a record; a last record without a line end counts once the stream ended
 * cleanly. When reading fails, the counts so far stay readable.
 */
final class CsvRowCounter {
    private long records;
    private long bytes;

    /** Reads {@code in} to its end. */
    void read(final InputStream in) throws IOException {
        final byte[] buffer = new byte[64 * 1024];
        boolean quoted = false;
        boolean pending = false;
        int n;
        while ((n = in.read(buffer)) > 0) {
            bytes += n;
            for (int i = 0; i < n; i++) {
                final byte b = buffer[i];
                if (b == '"') {
                    // A doubled quote inside a quoted field toggles twice: the state comes out right.
                    quoted = !quoted;
                    pending = true;
                } else if (b == '\n' && !quoted) {
                    records++;
                    pending = false;
                } else if (b != '\r') {
                    pending = true;
                }
            }
        }
        if (pending) {
            records++;
        }
    }

    /** Complete records so far, the header included. */
    long records() {
        return records;
    }

    long bytes() {
        return bytes;
    }
}
