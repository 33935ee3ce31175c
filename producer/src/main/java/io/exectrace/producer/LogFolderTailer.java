package io.exectrace.producer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a folder of JSONL execution logs the way Peak_Trade's {@code JsonlExecutionLogger} writes them
 * ({@code logs/execution/<session_id>.jsonl}: appended, new files appearing, files rotated) and sends every
 * new complete line to the input topic, keyed by its session id (else the file's stem).
 *
 * <p><b>Place.</b> A file is recognized by its file key (inode) and its first line, not by its name, so a rename
 * ({@code x.jsonl} → {@code x.jsonl.1}, {@code x.jsonl.2025-12-20}, {@code x.jsonl-20251220}) keeps its place.
 * The checkpoint holds, per file, the byte offset up to which the lines are in the topic. Each scan's lines are
 * sent in one Kafka transaction; just before it commits, the checkpoint records the offsets after the scan as
 * pending, with one record of the transaction, and once it committed they become the offsets. A tailer killed at
 * any moment (even between the commit and the checkpoint) is restarted on the same checkpoint: its first act is
 * to end the killed run's transaction (the transactional id is fixed per checkpoint) and look whether that record
 * is visible to a {@code read_committed} reader, which says whether the pending offsets hold. So every line
 * reaches the topic exactly once for {@code read_committed} readers (exectrace's pipeline is one); a
 * {@code read_uncommitted} reader may also see the lines of an aborted scan. A line without its {@code \n} yet is
 * left for a later scan; an unterminated last line of a file that disappears is never sent.
 *
 * <p><b>Rotation.</b> A file renamed inside the folder is read on under its new name; a file removed or moved
 * away is read to its end through the channel still open on it, then forgotten. A file that shrank, or whose first
 * line is no longer the one its offset was counted under (it was truncated and grew back before the tailer looked,
 * or while it was read), was truncated (copy-truncate) and is read again from its start; a new file whose first line equals a known file's first
 * line is that file's copy and starts where the known file had been acknowledged. Compressed files
 * ({@code .gz}, ...) and hidden files are ignored: use {@code produce replay} for history.
 *
 * <p><b>Scanning</b> is by polling ({@link TailSettings#pollInterval()}, 200 ms by default), which works on every
 * file system, network mounts included; a scan reads at most 16 MB and the next one follows at once when more is
 * pending. {@link #pollOnce()} runs one scan on the caller's thread; {@link #start()} runs scans on a thread of
 * its own until {@link #close()}.
 *
 * <p>When the cluster does not acknowledge a record, the scan stops sending and its transaction is aborted: no
 * file moves, and the next scan (after a back-off) sends the same lines again. A line longer than the producer's
 * {@code max.request.size}, or refused by the broker as too large, is skipped and counted.
 */
public final class LogFolderTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogFolderTailer.class);
    private static final long PASS_BUDGET_BYTES = 16L << 20;
    private static final int READ_BUFFER = 1 << 20;
    /** A line longer than this is skipped (Kafka would refuse it anyway). */
    private static final int MAX_LINE = 16 << 20;

    private final TailCheckpoint checkpoint;
    private final TailCounters counters = new TailCounters();
    private final LogFolderScan folderScan;
    /** Kept from file to file and scan to scan: it grows up to {@link #MAX_LINE} for long lines. */
    private final LineFramer framer = new LineFramer(READ_BUFFER);
    private final CheckpointRecorder recorder;
    private final TransactionalSender sender;

    private final PollingThread polling;
    private volatile boolean closed;

    /**
     * Opens the folder and the checkpoint; nothing is read and Kafka is not contacted before the first scan. The
     * first scan ends the transaction a killed run on the same checkpoint may have left open and, from it, decides
     * where each file resumes.
     *
     * @param producerProperties Kafka producer properties, e.g. from {@link ProducerSettings#build}; keys are
     *                           serialized as strings and values as bytes; without a {@code transactional.id},
     *                           one derived from the host and the checkpoint file is used
     * @throws InputProblem when the folder is missing or unreadable, or the checkpoint cannot be used
     */
    public LogFolderTailer(final TailSettings settings, final Properties producerProperties) {
        final Path folder = LogFolderScan.requireFolder(settings.folder());
        this.checkpoint = TailCheckpoint.open(settings.checkpoint(), folder);
        this.folderScan = new LogFolderScan(folder, checkpoint.file(), checkpoint.loaded(),
                !checkpoint.existed() && settings.startPosition() == StartPosition.END, counters);
        this.recorder = new CheckpointRecorder(checkpoint, folderScan.tracked());
        this.sender = new TransactionalSender(settings.topic(), producerProperties, recorder, counters);
        this.polling = new PollingThread(this::pollOnce, settings.pollInterval());
    }

    /** Creates the producer, which ends a killed run's transaction, and settles where that run's last scan left. */
    private void connect() {
        sender.connect();
        final TailCheckpoint.Pending pending = checkpoint.pending();
        if (pending != null && sender.committed(pending)) {
            folderScan.restore(pending.entries());
        }
    }

    /** The checkpoint file in use. */
    public Path checkpointFile() {
        return checkpoint.file();
    }

    /** Totals since this tailer was created. */
    public TailStatistics statistics() {
        return counters.snapshot(folderScan.trackedCount());
    }

    /**
     * One scan: finds new, grown, rotated and vanished files, sends their new complete lines, waits for the
     * cluster's acknowledgement and then replaces the checkpoint.
     */
    public synchronized TailPass pollOnce() {
        if (closed) {
            throw new IllegalStateException("tailer is closed");
        }
        if (!sender.connected()) {
            connect();
        }
        final List<TrackedLogFile> order = folderScan.scan();
        sender.begin();
        long budget = PASS_BUDGET_BYTES;
        boolean morePending = false;
        for (final TrackedLogFile file : order) {
            file.startPass();
            if (budget <= 0 || sender.failed()) {
                morePending |= budget <= 0;
                continue;
            }
            try {
                budget -= readAndSend(file, budget);
                morePending |= budget <= 0 && file.passEnd < file.size;
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", file.path, e.getMessage());
            }
        }
        sender.flush();
        sender.end(order);
        folderScan.settle(order);
        recorder.writeIfChanged();
        final Exception failure = sender.failure();
        if (failure != null) {
            LOG.warn("Kafka did not acknowledge every record; the lines will be sent again: {}", failure.getMessage());
        }
        return new TailPass(folderScan.tracked().size(), sender.acknowledged(), failure == null ? 0 : 1, morePending);
    }

    /** Starts scanning on a thread of its own every {@link TailSettings#pollInterval()}. */
    public void start() {
        polling.start();
    }

    /**
     * Stops the scanning thread after its current scan (whose records are flushed and checkpointed) and closes
     * the producer and the checkpoint. When the cluster does not answer within {@code timeout}, the producer is
     * closed at once: unacknowledged lines stay behind the checkpoint and are sent by the next run.
     */
    public void close(final Duration timeout) {
        if (!polling.stop(timeout)) {
            LOG.warn("Kafka did not acknowledge within {}; stopping without the last records", timeout);
            sender.closeNow();
            polling.awaitEnd(Duration.ofSeconds(10));
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            folderScan.closeChannels();
        }
        sender.close(timeout);
        checkpoint.close();
    }

    /** {@link #close(Duration)} with 10 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** Sends the file's complete lines from its offset; returns the bytes consumed. */
    private long readAndSend(final TrackedLogFile file, final long budget) throws IOException {
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
