package io.exectrace.producer;

import io.exectrace.events.ChainOutcome;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends what a {@link SyntheticSessions} generates to the input topic: as fast as possible (benchmarks,
 * pre-loading) or paced in wall time by the records' simulated arrival times, so that event time keeps step with
 * the clock (a live trickle). {@link #stop()} (from any thread) ends pacing: the chains under way are sent at
 * once, so the expected totals stay complete.
 */
public final class SyntheticFeeder {
    private static final long PROGRESS_EVERY = 10_000;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Function<SyntheticRecord, String> keys;
    private volatile boolean stopRequested;

    /** Records keyed by their session id ({@link SyntheticRecord#key()}), as exectrace's producers key. */
    public SyntheticFeeder(final Producer<String, byte[]> producer, final String topic) {
        this(producer, topic, SyntheticRecord::key);
    }

    /**
     * Records keyed by {@code keys} (null: no key, the producer's partitioner spreads them), as a producer that does
     * not key by session would send them (benchmarks of the reorder stage).
     */
    public SyntheticFeeder(final Producer<String, byte[]> producer, final String topic,
                           final Function<SyntheticRecord, String> keys) {
        this.producer = producer;
        this.topic = topic;
        this.keys = keys;
    }

    /**
     * What a feed sent.
     *
     * @param records      records acknowledged or not, handed to the producer
     * @param failed       records the cluster did not acknowledge
     * @param elapsedNanos wall-clock time
     */
    public record Summary(long records, long failed, long elapsedNanos) {
        public double recordsPerSecond() {
            return elapsedNanos == 0 ? 0 : records * 1e9 / elapsedNanos;
        }

        /** The one-line summary the CLI prints. */
        public String describe(final String target, final ExpectedTotals totals) {
            return String.format(Locale.ROOT,
                    "synth sent %d records (%d invalid lines, %d duplicates, %d chains) of %d sessions to %s in %.2f s"
                            + " (%.0f records/s)%s",
                    records, totals.invalid(), totals.duplicates(), chains(totals), totals.sessions().size(), target,
                    elapsedNanos / 1e9, recordsPerSecond(), failed == 0 ? "" : ", " + failed + " NOT delivered");
        }

        private static long chains(final ExpectedTotals totals) {
            long sum = 0;
            for (final ChainOutcome outcome : ChainOutcome.values()) {
                sum += totals.chains(outcome);
            }
            return sum;
        }
    }

    /** Asks a running {@link #feed} to start no more chains and send the rest without pacing. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Sends every record of the generator and flushes.
     *
     * @param startMicros the simulated clock's start ({@link SynthSettings#startMicros()})
     * @param paced       true: a record goes out when the wall clock has advanced as far as its arrival time
     * @throws DeliveryProblem when records were not acknowledged
     */
    public Summary feed(final SyntheticSessions generator, final long startMicros, final boolean paced,
                        final ReplayProgress progress) throws InterruptedException {
        final long started = System.nanoTime();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long records = 0;
        boolean stopping = false;
        while (generator.hasNext()) {
            if (stopRequested && !stopping) {
                generator.stop();
                stopping = true;
            }
            final SyntheticRecord record = generator.next();
            if (paced && !stopping) {
                sleepUntil(started + (record.arrivalMicros() - startMicros) * 1000);
            }
            producer.send(new ProducerRecord<>(topic, keys.apply(record), record.value()), (metadata, exception) -> {
                if (exception != null) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, exception);
                }
            });
            records++;
            if (records % PROGRESS_EVERY == 0) {
                progress.update(records, -1, System.nanoTime() - started);
            }
        }
        producer.flush();
        progress.update(records, records, System.nanoTime() - started);
        if (firstFailure.get() != null) {
            throw new DeliveryProblem(failed.get() + " of " + records + " records were not delivered to " + topic
                    + ": " + firstFailure.get().getMessage(), firstFailure.get());
        }
        return new Summary(records, failed.get(), System.nanoTime() - started);
    }

    /** Sleeps in short steps so that {@link #stop()} is noticed within 200 ms. */
    private void sleepUntil(final long dueNanos) throws InterruptedException {
        long wait;
        while (!stopRequested && (wait = dueNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }
}
