package io.exectrace.producer;

import io.exectrace.events.RecordFingerprint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** How the tailer recognizes a log file across renames and restarts: its file key, and its first line. */
final class FileIdentity {
    /** At most this many bytes of a file's start make its head. */
    static final int HEAD_MAX = 4096;

    private FileIdentity() {
    }

    /**
     * The file key ({@code (dev=..,ino=..)} on Linux and macOS), which survives a rename; where the platform has
     * none, the name and creation time (renames are then seen as a new file).
     */
    static String of(final Path file, final BasicFileAttributes attributes) {
        final Object key = attributes.fileKey();
        if (key != null) {
            return key.toString();
        }
        return "name:" + file.getFileName() + "@" + attributes.creationTime().toMillis();
    }

    /**
     * The file's head: its first line with the {@code \n}, or its first {@value #HEAD_MAX} bytes when the line
     * is longer. Returns {length, hash} packed as a two-element array, or {@code null} while the file holds no
     * complete head yet.
     */
    static long[] head(final FileChannel channel, final long size) throws IOException {
        if (size <= 0) {
            return null;
        }
        final ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, HEAD_MAX));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) <= 0) {
                break;
            }
        }
        final byte[] bytes = buffer.array();
        final int read = buffer.position();
        for (int i = 0; i < read; i++) {
            if (bytes[i] == '\n') {
                return new long[] {i + 1, RecordFingerprint.of(bytes, 0, i + 1)};
            }
        }
        if (read == HEAD_MAX) {
            return new long[] {HEAD_MAX, RecordFingerprint.of(bytes, 0, HEAD_MAX)};
        }
        return null;
    }

    /** The offset just after the last {@code \n} before {@code position} (0 when there is none): a line start. */
    static long lineStartAtOrBefore(final FileChannel channel, final long position) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long end = position;
        while (end > 0) {
            final long from = Math.max(0, end - buffer.capacity());
            buffer.clear();
            buffer.limit((int) (end - from));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, from + buffer.position()) <= 0) {
                    break;
                }
            }
            final byte[] bytes = buffer.array();
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }
}
