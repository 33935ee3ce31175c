package io.exectrace.launcher.view;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.InputProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams every non-blank line of the inputs through the event parser and hands each result, in input order, to
 * a {@link Visitor} on the calling thread (so the correlation stays single-threaded). Reading and parsing run
 * ahead on other threads in batches: a reader thread splits lines, parser threads parse whole batches, and at
 * most {@link #BATCHES_AHEAD} batches wait, so memory is bounded whatever the file size.
 */
final class LogScan {
    static final int BATCH_LINES = 1_024;
    /** Initial buffer per batch: below G1's humongous size even with 1 MB regions. */
    static final int CHUNK = 256 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /**
     * Parsed batches waiting for the correlation: enough to keep the parsers busy, few enough that the young
     * collections do not keep copying them (each holds about 1 MB of events).
     */
    static final int BATCHES_AHEAD = 8;

    /** Receives each parsed line. */
    interface Visitor {
        /**
         * @param result the parse result
         * @param input  the source
         * @param line   1-based line number in the source (blank lines count)
         * @return false to stop reading (a limit was reached)
         */
        boolean line(ParseResult result, LogInput input, long line);
    }

    /**
     * Consecutive lines of one source in one buffer, parsed together in place (no copy per line: the raw bytes
     * are the largest garbage a scan would make).
     */
    static final class Batch {
        final LogInput input;
        byte[] bytes;
        int used;
        final int[] offsets = new int[BATCH_LINES];
        final int[] lengths = new int[BATCH_LINES];
        final long[] numbers = new long[BATCH_LINES];
        final ParseResult[] results = new ParseResult[BATCH_LINES];
        int size;

        Batch(final LogInput input, final int capacity) {
            this.input = input;
            this.bytes = new byte[capacity];
        }

        /** Adds the line {@code [from, to)} unless it is blank. */
        void add(final int from, final int to, final long number) {
            for (int i = from; i < to; i++) {
                final byte c = bytes[i];
                if (c != ' ' && c != '\t' && c != '\r') {
                    offsets[size] = from;
                    lengths[size] = to - from;
                    numbers[size++] = number;
                    return;
                }
            }
        }

        Batch parse(final ExecutionEventParser parser) {
            for (int i = 0; i < size; i++) {
                results[i] = parser.parse(bytes, offsets[i], lengths[i]);
            }
            bytes = null;
            return this;
        }
    }

    private static final CompletableFuture<Batch> END = CompletableFuture.completedFuture(null);

    private final List<LogInput> inputs;
    private final InputStream stdin;
    private final ExecutionEventParser parser = new ExecutionEventParser();

    LogScan(final List<LogInput> inputs, final InputStream stdin) {
        this.inputs = inputs;
        this.stdin = stdin;
    }

    /**
     * Reads everything, or until the visitor says stop; an I/O failure (unreadable file, corrupt gzip) is an
     * {@link InputProblem}.
     */
    void run(final Visitor visitor) {
        // One parser per core, not one fewer: parsing is the larger half of the work (about 1.3 µs a line against
        // 0.7 µs of correlation), so the correlation thread alone does not fill a core of its own.
        final int parsers = Runtime.getRuntime().availableProcessors();
        final ExecutorService pool = Executors.newFixedThreadPool(parsers + 1, r -> {
            final Thread t = new Thread(r, "view-scan");
            t.setDaemon(true);
            return t;
        });
        final BlockingQueue<CompletableFuture<Batch>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        final AtomicBoolean stopped = new AtomicBoolean();
        pool.execute(() -> read(queue, pool, stopped));
        try {
            while (true) {
                final Batch batch = queue.take().get();
                if (batch == null) {
                    return;
                }
                for (int i = 0; i < batch.size; i++) {
                    if (!visitor.line(batch.results[i], batch.input, batch.numbers[i])) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            stopped.set(true);
            queue.clear();
            pool.shutdownNow();
        }
    }

    /** The reader thread: splits lines into batches in order, parsing them on the pool. */
    private void read(final BlockingQueue<CompletableFuture<Batch>> queue, final ExecutorService pool,
                      final AtomicBoolean stopped) {
        try {
            for (final LogInput input : inputs) {
                try (InputStream in = input.open(stdin)) {
                    split(input, in, batch -> queue.put(parseLater(batch, pool)), stopped);
                } catch (IOException | UncheckedIOException e) {
                    throw new InputProblem("cannot read " + input.name() + ": " + e.getMessage(), e);
                }
                if (stopped.get()) {
                    return;
                }
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed(queue, e);
        }
    }

    /** Takes each full batch. */
    interface BatchSink {
        void take(Batch batch) throws InterruptedException;
    }

    /**
     * Splits a stream into batches of lines, as {@link io.exectrace.producer.JsonlLineReader} does: only
     * {@code \n} ends a line (a {@code \r} before it stays), blank lines (spaces, tabs, {@code \r}) are skipped but
     * counted, a last line without a terminator counts.
     */
    static void split(final LogInput input, final InputStream in, final BatchSink sink, final AtomicBoolean stopped)
            throws IOException, InterruptedException {
        Batch batch = new Batch(input, CHUNK);
        int lineStart = 0;
        int scan = 0;
        long lineNumber = 0;
        while (!stopped.get()) {
            if (scan == batch.used) {
                if (batch.used == batch.bytes.length) {
                    if (batch.size > 0 || lineStart > 0) {
                        final Batch next = carry(batch, lineStart);
                        if (batch.size > 0) {
                            sink.take(batch);
                        }
                        batch = next;
                        scan -= lineStart;
                        lineStart = 0;
                    } else {
                        batch.bytes = Arrays.copyOf(batch.bytes, batch.bytes.length * 2);
                    }
                }
                final int n = in.read(batch.bytes, batch.used, batch.bytes.length - batch.used);
                if (n < 0) {
                    break;
                }
                batch.used += n;
            }
            final int i = indexOfNewline(batch.bytes, scan, batch.used);
            scan = i;
            if (i == batch.used) {
                continue;
            }
            lineNumber++;
            batch.add(lineStart, i, lineNumber);
            lineStart = i + 1;
            scan = lineStart;
            if (batch.size == BATCH_LINES) {
                final Batch next = carry(batch, lineStart);
                sink.take(batch);
                batch = next;
                scan -= lineStart;
                lineStart = 0;
            }
        }
        if (stopped.get()) {
            return;
        }
        if (lineStart < batch.used) {
            batch.add(lineStart, batch.used, ++lineNumber);
        }
        if (batch.size > 0) {
            sink.take(batch);
        }
    }

    /**
     * The first {@code \n} in {@code b[from, to)}, or {@code to}. Eight bytes at a time: splitting was the single
     * largest cost of the reader thread when it went byte by byte (0.3 s of CPU for a 246 MB log).
     */
    static int indexOfNewline(final byte[] b, final int from, final int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            final long x = (long) LONGS.get(b, i) ^ NEWLINES;
            // A zero byte of x is a newline; the lowest flagged byte is always a true zero (little-endian order).
            final long zeros = (x - ONES) & ~x & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        while (i < to && b[i] != '\n') {
            i++;
        }
        return i;
    }

    /** A new batch starting with the unfinished line {@code [from, used)} of {@code batch}. */
    private static Batch carry(final Batch batch, final int from) {
        final int rest = batch.used - from;
        final Batch next = new Batch(batch.input, Math.max(CHUNK, 2 * rest));
        System.arraycopy(batch.bytes, from, next.bytes, 0, rest);
        next.used = rest;
        return next;
    }

    /** Hands a reading failure to the consumer, waiting for room unless the consumer has stopped (interrupt). */
    private static void failed(final BlockingQueue<CompletableFuture<Batch>> queue, final RuntimeException e) {
        try {
            queue.put(CompletableFuture.failedFuture(e));
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<Batch> parseLater(final Batch batch, final ExecutorService pool) {
        return CompletableFuture.supplyAsync(() -> batch.parse(parser), pool);
    }
}
