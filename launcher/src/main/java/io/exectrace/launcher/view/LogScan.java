package io.exectrace.launcher.view;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.InputProblem;
import io.exectrace.producer.JsonlLineReader;
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
    static final int BATCH_LINES = 2_048;
    static final int BATCHES_AHEAD = 16;

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

    /** Lines of one source, parsed together. */
    private static final class Batch {
        final LogInput input;
        final byte[][] lines = new byte[BATCH_LINES][];
        final long[] numbers = new long[BATCH_LINES];
        final ParseResult[] results = new ParseResult[BATCH_LINES];
        int size;

        Batch(final LogInput input) {
            this.input = input;
        }

        Batch parse(final ExecutionEventParser parser) {
            for (int i = 0; i < size; i++) {
                results[i] = parser.parse(lines[i]);
                lines[i] = null;
            }
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
        final int parsers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
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
                try (JsonlLineReader reader = new JsonlLineReader(input.open(stdin))) {
                    Batch batch = new Batch(input);
                    byte[] line;
                    while ((line = reader.next()) != null && !stopped.get()) {
                        batch.lines[batch.size] = line;
                        batch.numbers[batch.size++] = reader.lineNumber();
                        if (batch.size == BATCH_LINES) {
                            queue.put(parseLater(batch, pool));
                            batch = new Batch(input);
                        }
                    }
                    if (batch.size > 0) {
                        queue.put(parseLater(batch, pool));
                    }
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
