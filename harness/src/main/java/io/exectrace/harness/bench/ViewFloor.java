package io.exectrace.harness.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The least any viewer written in Java must do with a log, as its own process: every line found and its session id
 * read, on every core. {@code bench view --floor} times it beside the viewer, so the ratio seed / floor bounds what
 * a viewer can reach on the machine and JVM at hand. It counts lines per session and prints them.
 */
public final class ViewFloor {
    private static final byte[] SESSION_KEY = "session_id\"".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 1 << 20;
    static final String NO_SESSION = "-";

    private ViewFloor() {
    }

    /** Usage: {@code ViewFloor LOG}; prints "lines N", then one "session count" line per session, sorted. */
    public static void main(final String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: ViewFloor LOG");
            System.exit(2);
        }
        print(count(Path.of(args[0]), Runtime.getRuntime().availableProcessors()), System.out);
    }

    static void print(final Map<String, Long> counts, final PrintStream out) {
        out.println("lines " + counts.values().stream().mapToLong(Long::longValue).sum());
        new TreeMap<>(counts).forEach((session, lines) -> out.println(session + " " + lines));
    }

    /** Lines per session id of a log, read in {@code parts} slices at line boundaries, one thread each. */
    static Map<String, Long> count(final Path log, final int parts) throws IOException, InterruptedException {
        try (FileChannel channel = FileChannel.open(log)) {
            final long size = channel.size();
            final long[] cuts = cuts(channel, size, Math.max(1, parts));
            final List<Map<String, long[]>> counts = new ArrayList<>();
            final List<Thread> threads = new ArrayList<>();
            final IOException[] failure = new IOException[1];
            for (int i = 0; i + 1 < cuts.length; i++) {
                final Map<String, long[]> mine = new HashMap<>();
                counts.add(mine);
                final long from = cuts[i];
                final long to = cuts[i + 1];
                final Thread thread = new Thread(() -> {
                    try {
                        countSlice(channel, from, to, mine);
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                }, "floor-" + i);
                thread.start();
                threads.add(thread);
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            if (failure[0] != null) {
                throw failure[0];
            }
            final Map<String, Long> total = new HashMap<>();
            counts.forEach(m -> m.forEach((session, n) -> total.merge(session, n[0], Long::sum)));
            return total;
        }
    }

    /** Slice starts: {@code parts} near-equal slices, each moved forward to just after a newline. */
    private static long[] cuts(final FileChannel channel, final long size, final int parts) throws IOException {
        final long[] cuts = new long[parts + 1];
        cuts[parts] = size;
        final ByteBuffer one = ByteBuffer.allocate(1);
        for (int i = 1; i < parts; i++) {
            long at = Math.max(cuts[i - 1], size * i / parts);
            while (at < size) {
                one.clear();
                if (channel.read(one, at++) <= 0 || one.get(0) == '\n') {
                    break;
                }
            }
            cuts[i] = Math.min(at, size);
        }
        return cuts;
    }

    private static void countSlice(final FileChannel channel, final long from, final long to,
                                   final Map<String, long[]> counts) throws IOException {
        final byte[] chunk = new byte[CHUNK];
        long at = from;
        int kept = 0;
        while (at < to) {
            final int read = channel.read(ByteBuffer.wrap(chunk, kept, (int) Math.min(to - at, CHUNK - kept)), at);
            if (read <= 0) {
                throw new IOException("the log ended at offset " + at + " while read");
            }
            at += read;
            final int end = kept + read;
            int lineStart = 0;
            for (int i = 0; i < end; i++) {
                if (chunk[i] == '\n') {
                    countLine(chunk, lineStart, i, counts);
                    lineStart = i + 1;
                }
            }
            kept = end - lineStart;
            if (kept == CHUNK) {
                throw new IOException("a line longer than " + CHUNK + " bytes at offset " + (at - kept));
            }
            System.arraycopy(chunk, lineStart, chunk, 0, kept);
        }
        if (kept > 0) {
            countLine(chunk, 0, kept, counts);
        }
    }

    /** The first {@code "session_id"} key's string value, as raw bytes (no escapes: a floor does less, not more). */
    private static void countLine(final byte[] b, final int from, final int to, final Map<String, long[]> counts) {
        String session = NO_SESSION;
        for (int i = from + 1; i + SESSION_KEY.length < to; i++) {
            if (b[i] == 's' && b[i - 1] == '"' && matchesKey(b, i)) {
                int j = i + SESSION_KEY.length;
                while (j < to && b[j] != '"') {
                    j++;
                }
                final int start = Math.min(j + 1, to);
                j = start;
                while (j < to && b[j] != '"') {
                    j++;
                }
                session = new String(b, start, j - start, StandardCharsets.UTF_8);
                break;
            }
        }
        counts.computeIfAbsent(session, s -> new long[1])[0]++;
    }

    private static boolean matchesKey(final byte[] b, final int at) {
        for (int k = 1; k < SESSION_KEY.length; k++) {
            if (b[at + k] != SESSION_KEY[k]) {
                return false;
            }
        }
        return true;
    }
}
