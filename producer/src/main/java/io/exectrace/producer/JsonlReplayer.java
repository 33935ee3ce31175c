package io.exectrace.producer;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends JSONL lines to the input topic exactly as they are, keyed by the session id read leniently from
 * the line (else the file's stem), optionally paced by the gaps between the lines' timestamps.
 */
public final class JsonlReplayer {
    private static final long PROGRESS_EVERY = 10_000;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final double speed;
    private final ExecutionEventParser parser = new ExecutionEventParser();

    /**
     * @param speed {@code 0} (or less) sends as fast as possible; {@code N} replays at N times the original
     *              pacing taken from the {@code ts} gaps between consecutive valid lines of a file
     */
    public JsonlReplayer(final Producer<String, byte[]> producer, final String topic, final double speed) {
        this.producer = producer;
        this.topic = topic;
        this.speed = speed;
    }

    /** Replays the files one after another and flushes; returns what was sent. */
    public ReplaySummary replay(final List<Path> files, final ReplayProgress progress) throws InterruptedException {
        final long started = System.nanoTime();
        // Counting costs a second read of the files: only worth it when someone watches the bar.
        final long total = speed > 0 || progress == ReplayProgress.NONE ? -1 : countLines(files);
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long records = 0;
        long invalid = 0;
        for (final Path file : files) {
            final String fallbackKey = JsonlInputs.stem(file);
            long previousTs = Long.MIN_VALUE;
            long previousSentNanos = 0;
            try (JsonlLineReader reader = JsonlLineReader.open(file)) {
                for (byte[] line = reader.next(); line != null; line = reader.next()) {
                    final ParseResult parsed = parser.parse(line);
                    final String key;
                    if (parsed instanceof ParseResult.Valid valid) {
                        key = valid.event().sessionId();
                        if (speed > 0) {
                            final long ts = valid.event().tsMicros();
                            if (previousTs != Long.MIN_VALUE && ts > previousTs) {
                                pace(previousSentNanos, (long) ((ts - previousTs) * 1000 / speed));
                            }
                            previousTs = ts;
                            previousSentNanos = System.nanoTime();
                        }
                    } else {
                        final ParseResult.Invalid bad = (ParseResult.Invalid) parsed;
                        key = bad.sessionHint() != null ? bad.sessionHint() : fallbackKey;
                        invalid++;
                    }
                    producer.send(new ProducerRecord<>(topic, key, line), (metadata, exception) -> {
                        if (exception != null) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, exception);
                        }
                    });
                    records++;
                    if (records % PROGRESS_EVERY == 0) {
                        progress.update(records, total, System.nanoTime() - started);
                    }
                }
            } catch (IOException e) {
                throw new InputProblem("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        producer.flush();
        progress.update(records, total, System.nanoTime() - started);
        if (firstFailure.get() != null) {
            throw new DeliveryProblem(failed.get() + " of " + records + " records were not delivered to " + topic
                    + ": " + firstFailure.get().getMessage(), firstFailure.get());
        }
        return new ReplaySummary(files.size(), records, invalid, failed.get(), System.nanoTime() - started);
    }

    private static void pace(final long sinceNanos, final long gapNanos) throws InterruptedException {
        final long wait = sinceNanos + gapNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static long countLines(final List<Path> files) {
        long count = 0;
        for (final Path file : files) {
            try (JsonlLineReader reader = JsonlLineReader.open(file)) {
                while (reader.next() != null) {
                    count++;
                }
            } catch (IOException e) {
                throw new InputProblem("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return count;
    }
}
