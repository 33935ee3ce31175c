package io.exectrace.producer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tailer's view of its folder: lists the log files, matches them with the files it follows and tells what
 * became of each since the last scan. A file is recognized by its file key (inode) and its first line, not by its
 * name: renamed inside the folder, it is read on under its new name; removed or moved away, it is read to its end
 * through the channel still open on it, then forgotten; shrunk, it was truncated (copy-truncate) and is read again
 * from its start. A new file starts where the checkpoint left it, where a known file with the same first line had
 * been acknowledged (it is that file's copy; taken only once that file was truncated or went away, as the copy may
 * be still being written until then), at the end of its last complete line on a first run from the end,
 * else at its start. Compressed and hidden files, and the checkpoint, are not logs.
 */
final class LogFolderScan {
    /** Logs as the tailer it serves. */
    private static final Logger LOG = LoggerFactory.getLogger(LogFolderTailer.class);
    /** Channels of files that did not grow for this long are closed, so a folder of thousands of logs is fine. */
    private static final long IDLE_CHANNEL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final List<String> COMPRESSED = List.of(".gz", ".bz2", ".xz", ".zst", ".zip", ".lz4", ".z");
    private static final Comparator<TrackedLogFile> SEND_ORDER = Comparator
            .comparing((TrackedLogFile f) -> !f.vanished)
            .thenComparing(TrackedLogFile::live)
            .thenComparingLong(f -> f.modifiedMillis)
            .thenComparing(f -> f.path.getFileName().toString());

    private final Path folder;
    private final Path checkpointFile;
    /** Files the checkpoint does not know start at their end on the first scan (no checkpoint, start from end). */
    private final boolean firstScanFromEnd;
    private final TailCounters counters;
    private final Map<String, TrackedLogFile> tracked = new LinkedHashMap<>();
    /**
     * Checkpoint entries not matched to a file yet. Consulted by the first scan, then kept only for files that scan
     * listed but could not open (renamed between the listing and the open), while they stay listed: a file key
     * that disappeared may be reused by a new file.
     */
    private final Map<String, TailCheckpoint.Entry> restored;
    private boolean firstPass = true;
    private volatile int trackedCount;

    /**
     * @param folder           a folder {@link #requireFolder} accepted
     * @param checkpointFile   the checkpoint's absolute path, never taken for a log
     * @param restored         the checkpoint's entries by identity
     * @param firstScanFromEnd whether files the checkpoint does not know start at their end on the first scan
     */
    LogFolderScan(final Path folder, final Path checkpointFile, final Map<String, TailCheckpoint.Entry> restored,
                  final boolean firstScanFromEnd, final TailCounters counters) {
        this.folder = folder;
        this.checkpointFile = checkpointFile;
        this.restored = new HashMap<>(restored);
        this.firstScanFromEnd = firstScanFromEnd;
        this.counters = counters;
    }

    /** @throws InputProblem when the folder is missing, not a folder or unreadable */
    static Path requireFolder(final Path folder) {
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

    /** Replaces the entries the first scan starts from (a killed run's pending places that did commit). */
    void restore(final List<TailCheckpoint.Entry> entries) {
        restored.clear();
        entries.forEach(e -> restored.put(e.identity(), e));
    }

    /** The files followed, in the order they were first seen: a live view. */
    Collection<TrackedLogFile> tracked() {
        return Collections.unmodifiableCollection(tracked.values());
    }

    /** How many files are followed, as of the last {@link #settle}; safe from any thread. */
    int trackedCount() {
        return trackedCount;
    }

    /** Lists the folder and matches it with the files followed so far; returns the files to read, in sending order. */
    List<TrackedLogFile> scan() {
        return reconcile(list());
    }

    /** A log file as the folder listing shows it. */
    record Seen(String identity, Path path, long size, long modifiedMillis) {
    }

    /** The folder's log files by identity; with {@link #reconcile}, a scan in two steps (tests of races use it). */
    Map<String, Seen> list() {
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
        return !path.toAbsolutePath().equals(checkpointFile);
    }

    List<TrackedLogFile> reconcile(final Map<String, Seen> listing) {
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
        final List<String> notOpened = new ArrayList<>();
        for (final Seen seen : fresh) {
            try {
                final TrackedLogFile file = begin(seen, listing);
                if (file != null) {
                    added.add(file);
                }
            } catch (IOException e) {
                LOG.warn("cannot open {}: {}", seen.path(), e.getMessage());
                notOpened.add(seen.identity());
            }
        }
        for (final TrackedLogFile file : added) {
            tracked.put(file.identity, file);
        }
        firstPass = false;
        restored.keySet().retainAll(notOpened);
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
            if (copy.original() != null && stillHolds(listing.get(copy.original()), head)) {
                // copytruncate truncates after it copied: until then the copy may still be being written, and
                // its size says nothing of where it will end. Its lines are sent from the original meanwhile.
                file.closeChannel();
                LOG.debug("{} is a copy of a log not truncated yet; taken once it is", seen.path().getFileName());
                return null;
            }
            file.offset = FileIdentity.lineStartAtOrBefore(channel, Math.min(copy.offset(), seen.size()));
            LOG.info("{} is a copy of an earlier log; starting at byte {}", seen.path().getFileName(), file.offset);
            return file;
        }
        if (firstPass && firstScanFromEnd) {
            file.offset = FileIdentity.lineStartAtOrBefore(channel, seen.size());
        }
        return file;
    }

    /**
     * Where a copy starts: where its original had been acknowledged.
     *
     * @param original the original's identity while it may still hold the copied head (not known truncated)
     */
    private record Copy(long offset, String original) {
    }

    private Copy copyOf(final TrackedLogFile file, final long[] head) {
        if (head == null) {
            return null;
        }
        for (final TrackedLogFile known : tracked.values()) {
            if (known.hasHead() && known.sameHead(head)) {
                return new Copy(known.offset, known.vanished ? null : known.identity);
            }
            if (known.formerHeadLength == head[0] && known.formerHeadHash == head[1]) {
                return new Copy(known.formerOffset, null);
            }
        }
        for (final TailCheckpoint.Entry entry : restored.values()) {
            if (entry.sameHead(head) && !entry.identity().equals(file.identity)) {
                return new Copy(entry.offset(), entry.identity());
            }
        }
        return null;
    }

    /** Whether the listed file still starts with {@code head}: not truncated since it was copied. */
    private static boolean stillHolds(final Seen original, final long[] head) throws IOException {
        if (original == null) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(original.path(), StandardOpenOption.READ)) {
            final long[] now = FileIdentity.head(channel, channel.size());
            return now != null && now[0] == head[0] && now[1] == head[1];
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Moves offsets to what was acknowledged and forgets vanished files read to their end. */
    void settle(final List<TrackedLogFile> order) {
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

    /** Closes every open channel; the tailer is closing. */
    void closeChannels() {
        for (final TrackedLogFile file : tracked.values()) {
            file.closeChannel();
        }
    }
}
