package io.exectrace.producer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the complete lines a followed file got since its offset, framed by the shared {@link LineFramer}, and hands
 * each to the {@link TransactionalSender}: at most a scan's byte budget, never across a truncation (the file's
 * first line is checked before reading and after every read), and never the line still being written (the bytes
 * after the last {@code \n} wait for the next scan). A line longer than 16 MB is skipped and counted.
 */
final class TrackedFileReader {
    /** Logs as the tailer it serves. */
    private static final Logger LOG = LoggerFactory.getLogger(LogFolderTailer.class);
    private static final int READ_BUFFER = 1 << 20;
    /** A line longer than this is skipped (Kafka would refuse it anyway). */
    private static final int MAX_LINE = 16 << 20;

    /** Kept from file to file and scan to scan: it grows up to {@link #MAX_LINE} for long lines. */
    private final LineFramer framer = new LineFramer(READ_BUFFER);
    private final TransactionalSender sender;
    private final TailCounters counters;

    TrackedFileReader(final TransactionalSender sender, final TailCounters counters) {
        this.sender = sender;
        this.counters = counters;
    }

    /** Sends the file's complete lines from its offset; returns the bytes consumed. */
    long readAndSend(final TrackedLogFile file, final long budget) throws IOException {
        final FileChannel channel = file.channel();
        if (file.hasHead() && !file.sameHead(FileIdentity.head(channel, channel.size()))) {
            // Truncated and written again since the last scan, maybe past the offset: the offset is not in
            // this content. Lines the copy holds were placed by the old head, before this.
            LOG.info("{} was truncated and rewritten; reading it again from its start", file.path);
            counters.rotations.incrementAndGet();
            file.restart();
        }
        if (!file.hasHead()) {
            file.head(FileIdentity.head(channel, channel.size()));
        }
        final long end = file.vanished ? channel.size() : Math.max(file.size, 0);
        long readPosition = file.offset;
        framer.reset(file.offset);
        while (readPosition < end && framer.nextLineOffset() - file.offset < budget && !sender.failed()) {
            if (framer.full()) {
                if (framer.capacity() >= MAX_LINE) {
                    final long next = skipOversizedLine(file, channel, framer.nextLineOffset(), end);
                    if (next < 0) {
                        // The line has no end yet. The bytes consumed are then reported as -1 - offset, which
                        // enlarges the scan's budget instead of charging it: odd, but how the tailer behaved before
                        // it was restructured; left for a change of its own.
                        file.touched = true;
                        file.drained = false;
                        return -1 - file.offset;
                    }
                    readPosition = next;
                    framer.reset(next);
                    continue;
                }
                framer.makeRoom();
            }
            final int read = framer.read(channel, readPosition, end - readPosition);
            if (read <= 0) {
                break;
            }
            if (file.hasHead() && !file.sameHead(FileIdentity.head(channel, channel.size()))) {
                // Truncated while being read: these bytes may be the new content; the next scan starts over.
                break;
            }
            readPosition += read;
            while (framer.next()) {
                sender.send(file, framer.bytes(), framer.from(), framer.to(), framer.lineOffset());
                if (sender.failed()) {
                    break;
                }
            }
            file.passEnd = framer.nextLineOffset();
            framer.compact();
            if (sender.failed()) {
                break;
            }
        }
        final long lineStart = framer.nextLineOffset();
        if (file.vanished && readPosition >= end && lineStart < end && !sender.failed()) {
            LOG.warn("{} ended with {} bytes without a line end; they are not sent", file.path, end - lineStart);
        }
        file.touched = true;
        file.drained = file.vanished && readPosition >= end && !sender.failed();
        return lineStart - file.offset;
    }

    /** Finds the end of the line that fills the whole buffer; returns where the next line starts, or -1. */
    private long skipOversizedLine(final TrackedLogFile file, final FileChannel channel, final long lineStart,
                                   final long end) throws IOException {
        final ByteBuffer probe = ByteBuffer.allocate(64 * 1024);
        long position = lineStart + framer.capacity();
        while (position < end) {
            probe.clear();
            final int read = channel.read(probe, position);
            if (read <= 0) {
                return -1;
            }
            final int i = LineFramer.indexOfNewline(probe.array(), 0, read);
            if (i < read) {
                LOG.error("{}: skipped a line of {} bytes starting at byte {} (longer than {} bytes)", file.path,
                        position + i - lineStart, lineStart, MAX_LINE);
                counters.skippedLines.incrementAndGet();
                file.passEnd = position + i + 1;
                return position + i + 1;
            }
            position += read;
        }
        return -1;
    }
}
