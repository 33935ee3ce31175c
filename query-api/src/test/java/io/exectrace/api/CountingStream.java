package io.exectrace.api;

import java.io.OutputStream;

/** Counts the bytes written to it and drops them, for measuring a writer without a socket's or a buffer's cost. */
final class CountingStream extends OutputStream {
    long bytes;

    @Override
    public void write(final int b) {
        bytes++;
    }

    @Override
    public void write(final byte[] b, final int off, final int len) {
        bytes += len;
    }
}
