package io.exectrace.harness.bench;

import io.exectrace.harness.chaos.InputKeying;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticSessions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The synthetic generator (both dialects, partial fills, out-of-order, duplicates, invalid lines) sent to the
 * input topic on a thread of its own, paced in wall time at a fixed rate, with event times starting now, until
 * {@link #close()}.
 */
final class BackgroundLoad implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final SyntheticFeeder feeder;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private BackgroundLoad(final String bootstrapServers, final String topic, final SynthSettings settings,
                           final InputKeying keying) {
        this.producer = new KafkaProducer<>(ProducerSettings.build(bootstrapServers, null,
                keying.producerOverrides(Map.of())));
        this.feeder = new SyntheticFeeder(producer, topic, keying.keys());
        final SyntheticSessions generator = new SyntheticSessions(settings);
        this.thread = new Thread(() -> feed(generator, settings.startMicros()), "bench-background-load");
        thread.setDaemon(true);
    }

    /**
     * Starts sending {@code rate} records per second of {@code sessions} sessions, keyed as {@code keying} says
     * (otherwise than by session: with a plain producer's batch size, so that they spread over the partitions).
     */
    static BackgroundLoad start(final String bootstrapServers, final String topic, final double rate,
                                final int sessions, final long seed, final InputKeying keying) {
        final Instant now = Instant.now();
        final long startMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        final BackgroundLoad load = new BackgroundLoad(bootstrapServers, topic,
                SynthSettings.defaults(seed, startMicros).withSessions(sessions).withEventsPerSecond(rate), keying);
        load.thread.start();
        return load;
    }

    private void feed(final SyntheticSessions generator, final long startMicros) {
        try {
            feeder.feed(generator, startMicros, true, ReplayProgress.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure.set(e);
        }
    }

    /** Throws when the feed failed (e.g. records not delivered). */
    void check() {
        final Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("the background load failed: " + failed.getMessage(), failed);
        }
    }

    /** Stops pacing (the chains under way are sent at once), waits for the feed to end and closes the producer. */
    @Override
    public void close() throws InterruptedException {
        feeder.stop();
        thread.join(60_000);
        producer.close();
        check();
    }
}
