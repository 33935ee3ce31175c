package io.exectrace.harness.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes unique execution-log lines into a few {@code <session>.jsonl} files, as Peak_Trade's logger does, and
 * rotates them as logrotate does, alternating a rename ({@code x.jsonl -> x.jsonl.N}, then a new {@code x.jsonl})
 * and a copy-truncate ({@code x.jsonl} copied to {@code x.jsonl.N}, then truncated). Every line it wrote is kept
 * for the comparison with what reached the topic.
 */
final class RotatingLogWriter implements Runnable {
    private static final int COPY_CHUNK = 16 * 1024;
    private static final long COPY_PAUSE_MILLIS = 25;

    private final Path folder;
    private final int files;
    private final int linesPerSecond;
    private final int rotateEvery;
    private final List<String> written = new ArrayList<>();
    private final AtomicLong rotations = new AtomicLong();
    private volatile boolean running = true;

    RotatingLogWriter(final Path folder, final int files, final int linesPerSecond, final int rotateEvery) {
        this.folder = folder;
        this.files = files;
        this.linesPerSecond = linesPerSecond;
        this.rotateEvery = rotateEvery;
    }

    @Override
    public void run() {
        final long started = System.nanoTime();
        long line = 0;
        try {
            while (running) {
                final int file = (int) (line % files);
                final String text = "{\"ts\":\"2025-12-20T10:00:00." + String.format("%06d", line % 1_000_000)
                        + "Z\",\"session_id\":\"tail-chaos-" + file + "\",\"kind\":\"intent\",\"symbol\":\"BTC-USD\","
                        + "\"payload\":{\"intent_id\":\"line-" + line + "\",\"side\":\"BUY\",\"quantity\":1}}";
                append(live(file), text + "\n");
                synchronized (written) {
                    written.add(text);
                }
                line++;
                if (line % rotateEvery == 0) {
                    rotate((int) ((line / rotateEvery) % files), line / rotateEvery);
                }
                final long due = started + line * 1_000_000_000L / linesPerSecond;
                final long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        running = false;
    }

    List<String> written() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    long rotations() {
        return rotations.get();
    }

    private Path live(final int file) {
        return folder.resolve("tail-chaos-" + file + ".jsonl");
    }

    private void rotate(final int file, final long generation) throws IOException, InterruptedException {
        final Path live = live(file);
        if (!Files.exists(live)) {
            return;
        }
        final Path rotated = live.resolveSibling(live.getFileName() + "." + generation);
        if (generation % 2 == 0) {
            Files.move(live, rotated);
        } else {
            copySlowly(live, rotated);
            try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
        }
        rotations.incrementAndGet();
    }

    /**
     * Copies as logrotate's copytruncate copies a large log: a chunk at a time, so that the tailer's scans see the
     * copy while it is being written (a copy taken for finished then sent its last lines twice).
     */
    private static void copySlowly(final Path from, final Path to) throws IOException, InterruptedException {
        try (FileChannel source = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel target = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            final ByteBuffer chunk = ByteBuffer.allocate(COPY_CHUNK);
            while (source.read(chunk) > 0) {
                chunk.flip();
                while (chunk.hasRemaining()) {
                    target.write(chunk);
                }
                chunk.clear();
                Thread.sleep(COPY_PAUSE_MILLIS);
            }
        }
    }

    private static void append(final Path file, final String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
