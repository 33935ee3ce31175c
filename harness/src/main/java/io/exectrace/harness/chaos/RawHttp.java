package io.exectrace.harness.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * GET requests written byte for byte on a socket, so a request target reaches the server exactly as the fuzzer
 * made it (raw traversal, stray {@code %}, 16 KB URLs), which a URI-checking client would refuse to send.
 */
final class RawHttp {

    /**
     * An answer.
     *
     * @param status    the status code, -1 when none came
     * @param bodyBytes bytes read after the status line (headers included), at most the cap
     * @param complete  whether the server closed the connection before the cap was reached
     */
    record Answer(int status, long bodyBytes, boolean complete) {
    }

    private final String host;
    private final int port;

    RawHttp(final String host, final int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends {@code GET target}, reads up to {@code cap} bytes and closes, whether or not the answer ended. */
    Answer get(final String target, final long cap, final int receiveBuffer, final int timeoutMillis)
            throws IOException {
        return get(target, cap, receiveBuffer, timeoutMillis, () -> { });
    }

    /** As {@link #get(String, long, int, int)}, running {@code beforeClose} after the reading stopped. */
    Answer get(final String target, final long cap, final int receiveBuffer, final int timeoutMillis,
               final Runnable beforeClose) throws IOException {
        try (Socket socket = new Socket()) {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            final OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nAccept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            final InputStream in = socket.getInputStream();
            final int status = status(in);
            final byte[] buffer = new byte[8192];
            long read = 0;
            while (read < cap) {
                final int n = in.read(buffer, 0, (int) Math.min(buffer.length, cap - read));
                if (n < 0) {
                    beforeClose.run();
                    return new Answer(status, read, true);
                }
                read += n;
            }
            beforeClose.run();
            return new Answer(status, read, false);
        }
    }

    /** Reads {@code HTTP/1.1 NNN} and returns NNN. */
    private static int status(final InputStream in) throws IOException {
        final StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && line.length() < 200) {
            line.append((char) c);
        }
        final String[] parts = line.toString().split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1].trim());
        } catch (final NumberFormatException e) {
            return -1;
        }
    }
}
