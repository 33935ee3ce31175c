package io.exectrace.producer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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
    /** Channels of files that did not grow for this long are closed, so a folder of thousands of logs is fine. */
    private static final long IDLE_CHANNEL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final List<String> COMPRESSED = List.of(".gz", ".bz2", ".xz", ".zst", ".zip", ".lz4", ".z");
    private static final Comparator<TrackedLogFile> SEND_ORDER = Comparator
            .comparing((TrackedLogFile f) -> !f.vanished)
            .thenComparing(TrackedLogFile::live)
            .thenComparingLong(f -> f.modifiedMillis)
            .thenComparing(f -> f.path.getFileName().toString());

    private final TailSettings settings;
    private final Path folder;
    private final TailCheckpoint checkpoint;
    private final Map<String, TrackedLogFile> tracked = new LinkedHashMap<>();
    /** Checkpoint entries not matched to a file yet; consulted by the first scan only. */
    private Map<String, TailCheckpoint.Entry> restored;
    private boolean firstPass = true;
    /** Kept from file to file and scan to scan: it grows up to {@link #MAX_LINE} for long lines. */
    private final LineFramer framer = new LineFramer(READ_BUFFER);
    private volatile int trackedCount;

    private final TailCounters counters = new TailCounters();
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
        this.settings = settings;
        this.folder = requireFolder(settings.folder());
        this.checkpoint = TailCheckpoint.open(settings.checkpoint(), folder);
        this.recorder = new CheckpointRecorder(checkpoint, Collections.unmodifiableCollection(tracked.values()));
        this.sender = new TransactionalSender(settings.topic(), producerProperties, recorder, counters);
        this.restored = new HashMap<>(checkpoint.loaded());
        this.polling = new PollingThread(this::pollOnce, settings.pollInterval());
    }

    /** Creates the producer, which ends a killed run's transaction, and settles where that run's last scan left. */
    private void connect() {
        sender.connect();
        final TailCheckpoint.Pending pending = checkpoint.pending();
        if (pending != null && sender.committed(pending)) {
            restored.clear();
            pending.entries().forEach(e -> restored.put(e.identity(), e));
        }
    }

    private static Path requireFolder(final Path folder) {
        if (!Files.exists(folder)) {
            throw new InputProblem("no such folder: " + folder);
        }
        if (!Files.isDirectory(folder)) {
            throw new InputProblem("not a folder: " + folder);
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            throw new InputProblem("cannot read folder " + folder + ": permission denied");
        }
        try (DirectoryStream<Path> ignored = Files.newDirectoryStream(folder)) {
            return folder;
        } catch (IOException e) {
            throw new InputProblem("cannot read folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint file in use. */
    public Path checkpointFile() {
        return checkpoint.file();
    }

    /** Totals since this tailer was created. */
    public TailStatistics statistics() {
        return counters.snapshot(trackedCount);
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
        final Map<String, Seen> listing = list();
        final List<TrackedLogFile> order = reconcile(listing);
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
        settle(order);
        recorder.writeIfChanged();
        final Exception failure = sender.failure();
        if (failure != null) {
            LOG.warn("Kafka did not acknowledge every record; the lines will be sent again: {}", failure.getMessage());
        }
        return new TailPass(tracked.size(), sender.acknowledged(), failure == null ? 0 : 1, morePending);
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
            for (final TrackedLogFile file : tracked.values()) {
                file.closeChannel();
            }
        }
        sender.close(timeout);
        checkpoint.close();
    }

    /** {@link #close(Duration)} with 10 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    // ---- scanning ------------------------------------------------------------------------------------------

    /** A log file as the folder listing shows it. */
    private record Seen(String identity, Path path, long size, long modifiedMillis) {
    }

    private Map<String, Seen> list() {
        final Map<String, Seen> seen = new LinkedHashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (final Path path : entries) {
                if (!isLog(path)) {
                    continue;
                }
                try {
                    final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        final String identity = FileIdentity.of(path, attributes);
                        seen.put(identity, new Seen(identity, path, attributes.size(),
                                attributes.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException e) {
                    // Rotated away between listing and stat: the next scan sees where it went.
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", folder, e.getMessage());
        }
        return seen;
    }

    private boolean isLog(final Path path) {
        final String name = path.getFileName().toString();
        if (name.startsWith(".") || !name.contains(".jsonl")) {
            return false;
        }
        for (final String suffix : COMPRESSED) {
            if (name.endsWith(suffix)) {
                return false;
            }
        }
        return !path.toAbsolutePath().equals(checkpoint.file());
    }

    /** Matches the listing with the files followed so far; returns the files to read, in sending order. */
    private List<TrackedLogFile> reconcile(final Map<String, Seen> listing) {
        final List<TrackedLogFile> order = new ArrayList<>();
        for (final TrackedLogFile file : tracked.values()) {
            if (!listing.containsKey(file.identity) && !file.vanished) {
                file.vanished = true;
                counters.rotations.incrementAndGet();
                LOG.info("{} was rotated away; reading it to its end", file.path);
            }
        }
        final List<Seen> fresh = new ArrayList<>();
        for (final Seen seen : listing.values()) {
            if (!tracked.containsKey(seen.identity())) {
                fresh.add(seen);
            }
        }
        // Copies are recognized by the heads of the files known before this scan.
        fresh.sort(Comparator.comparingLong(Seen::modifiedMillis).thenComparing(s -> s.path().getFileName().toString()));
        final List<TrackedLogFile> added = new ArrayList<>();
        for (final Seen seen : fresh) {
            try {
                added.add(begin(seen, listing));
            } catch (IOException e) {
                LOG.warn("cannot open {}: {}", seen.path(), e.getMessage());
            }
        }
        for (final TrackedLogFile file : added) {
            tracked.put(file.identity, file);
        }
        firstPass = false;
        restored = Map.of();
        for (final TrackedLogFile file : tracked.values()) {
            final Seen seen = listing.get(file.identity);
            if (seen != null) {
                if (!seen.path().equals(file.path)) {
                    LOG.info("{} was renamed to {}", file.path.getFileName(), seen.path().getFileName());
                    counters.rotations.incrementAndGet();
                    file.path = seen.path();
                }
                if (seen.size() > file.size) {
                    file.lastGrowthNanos = System.nanoTime();
                }
                file.size = seen.size();
                file.modifiedMillis = seen.modifiedMillis();
                if (file.size < file.offset) {
                    LOG.info("{} was truncated; reading it again from its start", file.path);
                    counters.rotations.incrementAndGet();
                    file.restart();
                }
                if (file.size > file.offset) {
                    order.add(file);
                }
            } else if (file.vanished) {
                order.add(file);
            }
        }
        order.sort(SEND_ORDER);
        return order;
    }

    /** Decides where a file seen for the first time starts. */
    private TrackedLogFile begin(final Seen seen, final Map<String, Seen> listing) throws IOException {
        final TrackedLogFile file = new TrackedLogFile(seen.identity(), seen.path(), 0);
        file.size = seen.size();
        file.modifiedMillis = seen.modifiedMillis();
        final FileChannel channel = file.channel();
        final long[] head = FileIdentity.head(channel, seen.size());
        file.head(head);

        final TailCheckpoint.Entry entry = restored.get(seen.identity());
        if (entry != null && (entry.headLength() == 0 || entry.sameHead(head)) && entry.offset() <= seen.size()) {
            file.offset = entry.offset();
            return file;
        }
        if (entry != null && entry.headLength() > 0) {
            // Truncated and written again while no tailer ran: a copy of the old content listed later starts here.
            file.formerHeadLength = entry.headLength();
            file.formerHeadHash = entry.headHash();
            file.formerOffset = entry.offset();
        }
        final Copy copy = copyOf(file, head);
        if (copy != null) {
            file.offset = FileIdentity.lineStartAtOrBefore(channel, Math.min(copy.offset(), seen.size()));
            final Seen original = copy.original() == null ? null : listing.get(copy.original().identity);
            if (original != null && original.size() >= seen.size()
                    && copy.original().sameHead(FileIdentity.head(copy.original().channel(), original.size()))) {
                // Not truncated yet: the original's bytes that the copy holds are sent from the copy.
                copy.original().offset = Math.max(copy.original().offset,
                        FileIdentity.lineStartAtOrBefore(channel, seen.size()));
            }
            LOG.info("{} is a copy of an earlier log; starting at byte {}", seen.path().getFileName(), file.offset);
            return file;
        }
        if (firstPass && !checkpoint.existed() && settings.startPosition() == StartPosition.END) {
            file.offset = FileIdentity.lineStartAtOrBefore(channel, seen.size());
        }
        return file;
    }

    private record Copy(long offset, TrackedLogFile original) {
    }

    private Copy copyOf(final TrackedLogFile file, final long[] head) {
        if (head == null) {
            return null;
        }
        for (final TrackedLogFile known : tracked.values()) {
            if (known.hasHead() && known.sameHead(head)) {
                return new Copy(known.offset, known);
            }
            if (known.formerHeadLength == head[0] && known.formerHeadHash == head[1]) {
                return new Copy(known.formerOffset, null);
            }
        }
        for (final TailCheckpoint.Entry entry : restored.values()) {
            if (entry.sameHead(head) && !entry.identity().equals(file.identity)) {
                return new Copy(entry.offset(), null);
            }
        }
        return null;
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

    /** Moves offsets to what was acknowledged and forgets vanished files read to their end. */
    private void settle(final List<TrackedLogFile> order) {
        for (final TrackedLogFile file : order) {
            file.offset = file.settledOffset();
        }
        final long now = System.nanoTime();
        for (final Iterator<TrackedLogFile> it = tracked.values().iterator(); it.hasNext(); ) {
            final TrackedLogFile file = it.next();
            if (file.vanished && (file.drained || !file.channelOpen())) {
                file.closeChannel();
                it.remove();
            } else if (!file.vanished && file.channelOpen() && now - file.lastGrowthNanos > IDLE_CHANNEL_NANOS
                    && file.offset >= file.size) {
                file.closeChannel();
            }
        }
        trackedCount = tracked.size();
    }
}
