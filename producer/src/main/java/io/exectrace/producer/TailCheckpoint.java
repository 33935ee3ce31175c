package io.exectrace.producer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tailer's place in each log file, kept in one small JSON file that is replaced atomically (written to a
 * temporary file, forced to disk, then moved over the old one), so a crash leaves either the old or the new
 * checkpoint, never half of one. A lock file keeps two tailers off the same checkpoint. While a scan's Kafka
 * transaction commits, the file also holds the places after that scan as {@link Pending}, with one record of the
 * transaction to look at after a crash: whether it is visible says which of the two places is true.
 */
final class TailCheckpoint implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int VERSION = 1;

    /**
     * One log file's place.
     *
     * @param identity   the file's identity (inode / file key), see {@link FileIdentity}
     * @param path       the file name when last seen (informational: identity decides)
     * @param offset     bytes sent and acknowledged, always the end of a complete line
     * @param headLength length of the file's first line (up to {@link FileIdentity#HEAD_MAX}), 0 when unknown
     * @param headHash   fingerprint of those bytes: tells an inode reused by another file, and finds copies
     */
    record Entry(String identity, String path, long offset, int headLength, long headHash) {
        /** Whether a file's head (see {@link FileIdentity#head}) is the one this entry was recorded with. */
        boolean sameHead(final long[] head) {
            return head != null && headLength == head[0] && headHash == head[1];
        }
    }

    /**
     * The places after a scan whose transaction was about to commit.
     *
     * @param topic     topic of the probe record
     * @param partition partition of the probe record
     * @param offset    offset of the probe record, one record of the scan's transaction
     * @param entries   every file's place once the transaction committed
     */
    record Pending(String topic, int partition, long offset, List<Entry> entries) {
    }

    private final Path file;
    private final Path folder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, Entry> loaded;
    private final Pending pending;
    private final boolean existed;

    private TailCheckpoint(final Path file, final Path folder, final FileChannel lockChannel, final FileLock lock,
                           final Contents contents, final boolean existed) {
        this.file = file;
        this.folder = folder;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.loaded = contents.entries();
        this.pending = contents.pending();
        this.existed = existed;
    }

    private record Contents(Map<String, Entry> entries, Pending pending) {
    }

    /**
     * Locks and reads the checkpoint of {@code folder}.
     *
     * @throws InputProblem when the checkpoint cannot be written, is unreadable, belongs to another folder,
     *                      or is in use by another tailer
     */
    static TailCheckpoint open(final Path file, final Path folder) {
        final Path absolute = file.toAbsolutePath();
        final Path parent = absolute.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new InputProblem("cannot create the checkpoint folder " + parent + ": " + e.getMessage()
                    + " (use --checkpoint FILE)", e);
        }
        if (!Files.isWritable(parent)) {
            throw new InputProblem("cannot write the checkpoint in " + parent + ": permission denied (use --checkpoint FILE)");
        }
        final Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new InputProblem("checkpoint " + absolute + " is in use by another tail");
            }
            final boolean existed = Files.exists(absolute);
            final Contents contents = existed ? read(absolute, folder) : new Contents(new LinkedHashMap<>(), null);
            return new TailCheckpoint(absolute, folder.toAbsolutePath().normalize(), channel, lock, contents, existed);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InputProblem("cannot open checkpoint " + absolute + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(final FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** True when a checkpoint existed before this run: the tailer has been here before. */
    boolean existed() {
        return existed;
    }

    /** The entries read at open, by identity (the places before a {@link #pending()} transaction). */
    Map<String, Entry> loaded() {
        return loaded;
    }

    /** The transaction a crashed run left committing, or {@code null}. */
    Pending pending() {
        return pending;
    }

    Path file() {
        return file;
    }

    /** Replaces the checkpoint with these entries, atomically. */
    void write(final Collection<Entry> entries) throws IOException {
        write(entries, null);
    }

    /** Replaces the checkpoint with these entries and, unless {@code null}, a transaction about to commit. */
    void write(final Collection<Entry> entries, final Pending next) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256 + entries.size() * 256);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("version", VERSION);
            json.writeStringField("folder", folder.toString());
            writeEntries(json, entries);
            if (next != null) {
                json.writeObjectFieldStart("pending");
                json.writeStringField("topic", next.topic());
                json.writeNumberField("partition", next.partition());
                json.writeNumberField("offset", next.offset());
                writeEntries(json, next.entries());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            final ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeEntries(final JsonGenerator json, final Collection<Entry> entries) throws IOException {
        json.writeArrayFieldStart("files");
        for (final Entry e : entries) {
            json.writeStartObject();
            json.writeStringField("id", e.identity());
            json.writeStringField("path", e.path());
            json.writeNumberField("offset", e.offset());
            json.writeNumberField("head_length", e.headLength());
            json.writeNumberField("head_hash", e.headHash());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static Contents read(final Path file, final Path folder) {
        final Map<String, Entry> entries = new LinkedHashMap<>();
        Pending pending = null;
        String recordedFolder = null;
        try (JsonParser json = JSON.createParser(Files.readAllBytes(file))) {
            expect(json.nextToken(), JsonToken.START_OBJECT, file);
            String name;
            while ((name = json.nextFieldName()) != null) {
                final JsonToken token = json.nextToken();
                switch (name) {
                    case "folder" -> recordedFolder = json.getValueAsString();
                    case "files" -> readEntries(json, token, file, entries);
                    case "pending" -> pending = readPending(json, token, file);
                    default -> json.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new InputProblem("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        final String expected = folder.toAbsolutePath().normalize().toString();
        if (recordedFolder != null && !recordedFolder.equals(expected)) {
            throw new InputProblem("checkpoint " + file + " belongs to folder " + recordedFolder + ", not " + expected);
        }
        return new Contents(entries, pending);
    }

    private static void readEntries(final JsonParser json, final JsonToken token, final Path file,
                                    final Map<String, Entry> into) throws IOException {
        expect(token, JsonToken.START_ARRAY, file);
        while (json.nextToken() == JsonToken.START_OBJECT) {
            final Entry entry = readEntry(json, file);
            into.put(entry.identity(), entry);
        }
    }

    private static Pending readPending(final JsonParser json, final JsonToken token, final Path file)
            throws IOException {
        expect(token, JsonToken.START_OBJECT, file);
        String topic = null;
        int partition = -1;
        long offset = -1;
        final Map<String, Entry> entries = new LinkedHashMap<>();
        String name;
        while ((name = json.nextFieldName()) != null) {
            final JsonToken value = json.nextToken();
            switch (name) {
                case "topic" -> topic = json.getValueAsString();
                case "partition" -> partition = json.getValueAsInt(-1);
                case "offset" -> offset = json.getValueAsLong(-1);
                case "files" -> readEntries(json, value, file, entries);
                default -> json.skipChildren();
            }
        }
        if (topic == null || partition < 0 || offset < 0) {
            throw new InputProblem("cannot read checkpoint " + file + ": the pending transaction lacks its record");
        }
        return new Pending(topic, partition, offset, List.copyOf(entries.values()));
    }

    private static Entry readEntry(final JsonParser json, final Path file) throws IOException {
        String id = null;
        String path = "";
        long offset = -1;
        int headLength = 0;
        long headHash = 0;
        String name;
        while ((name = json.nextFieldName()) != null) {
            json.nextToken();
            switch (name) {
                case "id" -> id = json.getValueAsString();
                case "path" -> path = json.getValueAsString("");
                case "offset" -> offset = json.getValueAsLong(-1);
                case "head_length" -> headLength = json.getValueAsInt(0);
                case "head_hash" -> headHash = json.getValueAsLong(0);
                default -> json.skipChildren();
            }
        }
        if (id == null || offset < 0) {
            throw new InputProblem("cannot read checkpoint " + file + ": an entry lacks id or offset");
        }
        return new Entry(id, path, offset, headLength, headHash);
    }

    private static void expect(final JsonToken actual, final JsonToken expected, final Path file) {
        if (actual != expected) {
            throw new InputProblem("cannot read checkpoint " + file + ": not a tail checkpoint");
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel's close releases it anyway.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to do: the lock goes with the process.
            }
        }
    }
}
