package io.exectrace.streams.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.LatencySketches;
import io.exectrace.streams.correlation.SessionLatencies;
import io.exectrace.streams.correlation.SessionSummary;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The real {@link ExectraceStreamsApp} on the embedded broker, as the end-to-end tests run it: topics provisioned
 * by the app with 3 partitions, exactly_once_v2, a short wall-clock idle timeout so every open chain closes soon
 * after the input ends; plus the waits and reads those tests share (interactive queries, output topics).
 */
public final class EmbeddedPipeline implements AutoCloseable {
    /** How long a test waits for Kafka Streams to start or for data to show up. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Quiet time after the expected count of output records, so that a duplicate would show. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final EmbeddedKafkaExtension kafka;
    private final ExectraceStreamsApp app;

    private EmbeddedPipeline(final EmbeddedKafkaExtension kafka, final ExectraceStreamsApp app) {
        this.kafka = kafka;
        this.app = app;
    }

    /**
     * Starts the app and waits until it is RUNNING.
     *
     * @param settings {@code EXECTRACE_*} values over this class's test defaults
     */
    public static EmbeddedPipeline start(final EmbeddedKafkaExtension kafka, final String applicationId,
                                  final Path stateDir, final Map<String, String> settings)
            throws InterruptedException {
        final Map<String, String> env = new HashMap<>(Map.of(
                "EXECTRACE_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "EXECTRACE_APPLICATION_ID", applicationId,
                "EXECTRACE_STATE_DIR", stateDir.toString(),
                "EXECTRACE_TOPIC_PARTITIONS", "3",
                "EXECTRACE_API_PORT", "0",
                "EXECTRACE_PROVISION_TIMEOUT", "20s",
                // Wall-clock idle timeout, after which every open chain closes (the fixtures' expectation).
                "EXECTRACE_IDLE_TIMEOUT", "3s"));
        env.putAll(settings);
        final ExectraceConfig config = ExectraceConfig.load(null, env);
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        final ExectraceStreamsApp app = new ExectraceStreamsApp(config);
        app.start();
        assertThat(app.awaitRunning(PATIENCE)).as("Kafka Streams reached RUNNING").isTrue();
        return new EmbeddedPipeline(kafka, app);
    }

    public ExectraceStreamsApp app() {
        return app;
    }

    public ExectraceConfig config() {
        return app.config();
    }

    /** The session-summary store through interactive queries. */
    public ReadOnlyKeyValueStore<String, SessionSummary> summaries() {
        return app.store(Registry.SESSION_SUMMARY);
    }

    /** The session latency profiles of one session through interactive queries. */
    public SessionLatencies latencies(final String sessionId) {
        final ReadOnlyKeyValueStore<Bytes, LatencySketches> store =
                app.store(Registry.SESSION_LATENCY);
        return CorrelationStores.readLatencies(store, sessionId);
    }

    /** Every session summary of the store, by session id (read once the pipeline is quiet). */
    public Map<String, SessionSummary> allSummaries() {
        final Map<String, SessionSummary> all = new HashMap<>();
        try (var it = summaries().all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    /**
     * Reads a topic from the beginning (read_committed) until at least {@code atLeast} records came, then a little
     * longer so that a duplicate would show; stops after {@link #PATIENCE}.
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(final String topic, final int atLeast) {
        final Map<String, Object> props = new HashMap<>(kafka.consumerConfig("e2e-reader-" + topic));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + PATIENCE.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (records.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + QUIET.toNanos();
                }
            }
        }
        return records;
    }

    /** Polls the condition every 200 ms until it holds; fails after {@link #PATIENCE}. */
    public static void eventually(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (final InvalidStateStoreException rebalancing) {
                // the store is migrating; ask again
            }
            try {
                Thread.sleep(200);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** Epoch microseconds of an ISO-8601 instant. */
    public static long micros(final String iso) {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
    }

    @Override
    public void close() {
        assertThat(app.close(Duration.ofSeconds(30))).as("Kafka Streams closed in time").isTrue();
    }
}
