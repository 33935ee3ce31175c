package io.exectrace.producer;

import java.io.IOException;
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
 * line is that file's copy and starts where the known file had been acknowledged, once the known file was truncated
 * or went away (until then the copy may be still being written, and its lines are sent from the original). Compressed files
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
 *
 * <p><b>Parts.</b> This class runs a scan's steps in order; each job is a class of its own: {@link LogFolderScan}
 * (listing, renames, rotations, truncations, copies, where a file starts), {@link TrackedFileReader} (a file's new
 * complete lines, framed by the shared {@link LineFramer}), {@link TransactionalSender} (the producer and the
 * scan's transaction, with {@link CommitProbe} for a pending one), {@link CheckpointRecorder} (the places in the
 * {@link TailCheckpoint}) and {@link PollingThread} (scans on a thread of its own).
 */
public final class LogFolderTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogFolderTailer.class);
    private static final long PASS_BUDGET_BYTES = 16L << 20;

    private final TailCheckpoint checkpoint;
    private final TailCounters counters = new TailCounters();
    private final LogFolderScan folderScan;
    private final CheckpointRecorder recorder;
    private final TransactionalSender sender;
    private final TrackedFileReader reader;
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
        this.reader = new TrackedFileReader(sender, counters);
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
                budget -= reader.readAndSend(file, budget);
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
}
