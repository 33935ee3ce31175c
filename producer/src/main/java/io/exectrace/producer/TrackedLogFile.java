package io.exectrace.producer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * One log file the tailer follows: where it is now, how far its lines were acknowledged, and an open channel
 * while it is active, so a file renamed or removed between two scans can still be read to its end.
 */
final class TrackedLogFile {
    final String identity;
    Path path;
    /** Session key for lines without a readable session: the name before {@code .jsonl}. */
    final String stem;
    /** Acknowledged up to here; always the start of a line. */
    long offset;
    long size;
    long modifiedMillis;
    int headLength;
    long headHash;
    /** Head and offset of the content before the last truncation: a copy of it that shows up later starts there. */
    int formerHeadLength;
    long formerHeadHash;
    long formerOffset;
    boolean vanished;
    /** A vanished file read to its end: it can be forgotten. */
    boolean drained;
    long lastGrowthNanos = System.nanoTime();
    private FileChannel channel;
    /** Starts of lines the cluster refused as too large: skipped when the scan is repeated. */
    private final Set<Long> refused = new HashSet<>();

    // State of the current scan.
    long passEnd;
    long failedFrom = Long.MAX_VALUE;
    boolean touched;

    TrackedLogFile(final String identity, final Path path, final long offset) {
        this.identity = identity;
        this.path = path;
        this.stem = stemOf(path.getFileName().toString());
        this.offset = offset;
    }

    /** True for the file a writer appends to ({@code x.jsonl}); rotated copies have a suffix after it. */
    boolean live() {
        return path.getFileName().toString().endsWith(".jsonl");
    }

    boolean hasHead() {
        return headLength > 0;
    }

    void head(final long[] head) {
        if (head != null) {
            headLength = (int) head[0];
            headHash = head[1];
        }
    }

    boolean sameHead(final long[] head) {
        return head != null && headLength == head[0] && headHash == head[1];
    }

    /** The file was truncated: its lines are read again from its start, under the head they have now. */
    synchronized void restart() {
        if (hasHead()) {
            formerHeadLength = headLength;
            formerHeadHash = headHash;
            formerOffset = offset;
        }
        offset = 0;
        passEnd = 0;
        headLength = 0;
        headHash = 0;
    }

    FileChannel channel() throws IOException {
        if (channel == null) {
            final FileChannel opened = FileChannel.open(path, StandardOpenOption.READ);
            // The name may already belong to the next file (renamed since the listing): never read another inode.
            final String now;
            try {
                now = FileIdentity.of(path, Files.readAttributes(path, BasicFileAttributes.class));
            } catch (IOException e) {
                opened.close();
                throw e;
            }
            if (!identity.equals(now)) {
                opened.close();
                throw new NoSuchFileException(path.toString(), null, "renamed since the listing");
            }
            channel = opened;
        }
        return channel;
    }

    boolean channelOpen() {
        return channel != null;
    }

    void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // A read-only channel has nothing to lose.
            }
            channel = null;
        }
    }

    synchronized void failedAt(final long lineStart) {
        failedFrom = Math.min(failedFrom, lineStart);
    }

    synchronized long failedFrom() {
        return failedFrom;
    }

    /** Where the acknowledged lines of this scan end: the offset the file moves to once the scan is committed. */
    synchronized long settledOffset() {
        return !touched ? offset : failedFrom == Long.MAX_VALUE ? passEnd : Math.min(failedFrom, passEnd);
    }

    /** The scan's transaction was aborted: none of its lines count, the next scan reads them again. */
    synchronized void discardPass() {
        failedFrom = offset;
        drained = false;
    }

    synchronized void refuse(final long lineStart) {
        refused.add(lineStart);
    }

    synchronized boolean refused(final long lineStart) {
        return refused.contains(lineStart);
    }

    synchronized void startPass() {
        passEnd = offset;
        failedFrom = Long.MAX_VALUE;
        touched = false;
    }

    TailCheckpoint.Entry entry() {
        return entryAt(offset);
    }

    TailCheckpoint.Entry entryAt(final long at) {
        return new TailCheckpoint.Entry(identity, path.getFileName().toString(), at, headLength, headHash);
    }

    static String stemOf(final String name) {
        final int at = name.indexOf(".jsonl");
        return at > 0 ? name.substring(0, at) : name;
    }
}
