package io.exectrace.launcher.view;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.InputProblem;
import io.exectrace.producer.LineFramer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    /**
     * Parsed batches waiting for the correlation: enough to keep the parsers busy (two each on two cores), few
     * enough that the young collections do not keep copying them (each holds about 1 MB of events) and that they
     * fit the survivor space of the small young generation the launcher gives {@code view} (a batch promoted to the
     * old generation only leaves it with a full collection).
     */
    static final int BATCHES_AHEAD = 4;

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
        /** The buffer the lines lie in, once the framer handed it over. */
        byte[] bytes;
        final int[] offsets = new int[BATCH_LINES];
        final int[] lengths = new int[BATCH_LINES];
        final long[] numbers = new long[BATCH_LINES];
        final ParseResult[] results = new ParseResult[BATCH_LINES];
        int size;

        Batch(final LogInput input) {
            this.input = input;
        }

        /** Adds the line the framer framed last unless it is blank. */
        void add(final LineFramer framer) {
            final int from = framer.from();
            final int to = framer.to();
            if (!LineFramer.isBlank(framer.bytes(), from, to)) {
                offsets[size] = from;
                lengths[size] = to - from;
                numbers[size++] = framer.lineNumber();
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
    private final ExecutionEventParser parser;

    /** Reads {@code inputs} with {@code parser}, which knows the dialects in play (the stream's, see {@code view}). */
    LogScan(final List<LogInput> inputs, final InputStream stdin, final ExecutionEventParser parser) {
        this.inputs = inputs;
        this.stdin = stdin;
        this.parser = parser;
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
     * Splits a stream into batches of lines with the {@link LineFramer} that the tailer and the replay use: only
     * {@code \n} ends a line (a {@code \r} before it stays), blank lines (spaces, tabs, {@code \r}) are skipped but
     * counted, a last line without a terminator counts. Each batch takes the framer's buffer with it (no copy per
     * line).
     */
    static void split(final LogInput input, final InputStream in, final BatchSink sink, final AtomicBoolean stopped)
            throws IOException, InterruptedException {
        final LineFramer framer = new LineFramer(CHUNK);
        Batch batch = new Batch(input);
        while (!stopped.get()) {
            if (framer.next()) {
                batch.add(framer);
                if (batch.size == BATCH_LINES) {
                    batch.bytes = framer.handOff();
                    sink.take(batch);
                    batch = new Batch(input);
                }
                continue;
            }
            if (framer.full()) {
                if (batch.size > 0) {
                    batch.bytes = framer.handOff();
                    sink.take(batch);
                    batch = new Batch(input);
                } else {
                    framer.makeRoom();
                }
            }
            if (framer.read(in) < 0) {
                break;
            }
        }
        if (stopped.get()) {
            return;
        }
        if (framer.last()) {
            batch.add(framer);
        }
        if (batch.size > 0) {
            batch.bytes = framer.bytes();
            sink.take(batch);
        }
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
