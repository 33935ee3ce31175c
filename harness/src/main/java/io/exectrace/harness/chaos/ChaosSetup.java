package io.exectrace.harness.chaos;

import io.exectrace.api.ApiSettings;
import io.exectrace.api.ExectraceApiServer;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.producer.SynthSettings;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * What every scenario shares: the exectrace configuration of an instance on the embedded broker (3 partitions,
 * exactly_once_v2, otherwise the defaults), an instance with its API, the synthetic load, and a bounded wait.
 */
final class ChaosSetup {

    private ChaosSetup() {
    }

    /** One exectrace instance: the pipeline and its HTTP API, as {@code exectrace run} starts them. */
    record Instance(ExectraceStreamsApp app, ExectraceApiServer api, String baseUrl) implements AutoCloseable {

        /** Starts both; the pipeline need not be RUNNING yet (the API answers 503 until it is). */
        static Instance start(final ExectraceConfig config) {
            final ExectraceStreamsApp app = new ExectraceStreamsApp(config);
            app.start();
            final ExectraceApiServer api = ExectraceApiServer.start(ApiSettings.from(config, Map.of()), app, null);
            return new Instance(app, api, "http://127.0.0.1:" + api.port());
        }

        @Override
        public void close() {
            api.close();
            app.close(Duration.ofSeconds(30));
        }
    }

    /** Synthetic settings of the scenarios' valid traffic: 2025-12-20 08:00 UTC, both dialects. */
    static SynthSettings synthetic(final long seed, final int sessions, final int lines) {
        return SynthSettings.defaults(seed, Instant.parse("2025-12-20T08:00:00Z").getEpochSecond() * 1_000_000L)
                .withSessions(sessions).withMaxLines(lines);
    }

    /** Sends a whole synthetic run to the input topic and returns its ground truth. */
    static ExpectedTotals feed(final String bootstrapServers, final String topic, final SynthSettings settings)
            throws InterruptedException {
        final SyntheticSessions generator = new SyntheticSessions(settings);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(bootstrapServers, null, Map.of()))) {
            final SyntheticFeeder.Summary sent = new SyntheticFeeder(producer, topic)
                    .feed(generator, settings.startMicros(), false, ReplayProgress.NONE);
            if (sent.failed() > 0) {
                throw new IllegalStateException(sent.failed() + " synthetic records were not acknowledged");
            }
        }
        return generator.expectedTotals();
    }

    /** An instance's configuration; {@code settings} ({@code EXECTRACE_*}) override the defaults here. */
    static ExectraceConfig config(final String bootstrapServers, final String applicationId, final Path stateDir,
                                  final Map<String, String> settings) {
        final Map<String, String> env = new HashMap<>(Map.of(
                "EXECTRACE_BOOTSTRAP_SERVERS", bootstrapServers,
                "EXECTRACE_APPLICATION_ID", applicationId,
                "EXECTRACE_STATE_DIR", stateDir.toString(),
                "EXECTRACE_TOPIC_PARTITIONS", "3",
                "EXECTRACE_API_PORT", "0",
                "EXECTRACE_PROVISION_TIMEOUT", "20s"));
        env.putAll(settings);
        return ExectraceConfig.load(null, env);
    }

    /**
     * Polls {@code condition} every 200 ms until it holds or {@code patience} passes; a store that is migrating
     * counts as "not yet".
     *
     * @return whether the condition held in time
     */
    static boolean await(final BooleanSupplier condition, final Duration patience) throws InterruptedException {
        final long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (final InvalidStateStoreException migrating) {
                // ask again once the store is back
            }
            Thread.sleep(200);
        }
        return false;
    }
}
