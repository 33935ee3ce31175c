package io.exectrace.harness.bench.e2e;

import io.exectrace.broker.EmbeddedKafkaBroker;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.SessionSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The end-to-end throughput comparison of the performance issue: pre-loads the input topic with seeded synthetic
 * events (both dialects, partial fills, out-of-order, duplicate and invalid lines), then, in the same run and on
 * the same topic, measures the raw consumer (baseline 1), a minimal stateful Kafka Streams app (baseline 2) and
 * the full exectrace topology, each from start until its input lag is 0. The exectrace run's session summaries
 * are checked against the generator's expected totals: a fast wrong answer fails the benchmark.
 */
public final class EndToEndBenchmark {
    /** The longest a single measured run may take. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final long START_MICROS = Instant.parse("2025-12-20T08:00:00Z").getEpochSecond() * 1_000_000L;

    private final EndToEndSettings settings;
    private final Consumer<String> progress;
    private final String runId = "bench-" + Long.toString(System.currentTimeMillis(), 36);

    public EndToEndBenchmark(final EndToEndSettings settings, final Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs the whole comparison; the report says whether every exectrace answer was right. */
    public EndToEndReport run() throws InterruptedException {
        final String loadBefore = LoadAverage.now();
        final EmbeddedKafkaBroker broker = settings.bootstrapServers() == null
                ? EmbeddedKafkaBroker.builder().port(0)
                        .dataDirectory(settings.workDir().resolve(runId).resolve("kafka"))
                        .defaultPartitions(settings.partitions()).start()
                : null;
        final String bootstrap = broker == null ? settings.bootstrapServers() : broker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            final String topic = runId + "-events";
            final ExpectedTotals expected = preload(admin, bootstrap, topic);
            final Map<TopicPartition, Long> endOffsets = endOffsets(admin, topic);
            final InputLag lag = new InputLag(admin, endOffsets);
            final List<EndToEndReport.Measurement> measurements = new ArrayList<>();
            for (int run = 1; run <= settings.runs(); run++) {
                final double raw = lag.total() / RawConsumerRate.seconds(bootstrap, endOffsets, lag.total());
                progress.accept(String.format(Locale.ROOT, "run %d: raw consumer %.0f records/s", run, raw));
                for (final String guarantee : settings.guarantees()) {
                    for (final int threads : settings.threads()) {
                        final String name = String.format(Locale.ROOT, "%s-r%d-%s-t%d", runId, run,
                                guarantee.replace('_', '-'), threads);
                        final double counting = lag.total() / countingSeconds(
                                config(bootstrap, topic, name + "-count", guarantee, threads), topic, lag);
                        final Result exectrace = exectrace(
                                config(bootstrap, topic, name + "-exectrace", guarantee, threads), lag, expected);
                        final double rate = lag.total() / exectrace.seconds();
                        measurements.add(new EndToEndReport.Measurement(run, guarantee, threads, raw, counting, rate,
                                exectrace.differences()));
                        progress.accept(String.format(Locale.ROOT,
                                "run %d %s %d thread(s): baseline 2 %.0f records/s, exectrace %.0f records/s"
                                        + " (%.2f x baseline 2)%s", run, guarantee, threads, counting, rate,
                                rate / counting, exectrace.differences().isEmpty() ? ", output checked"
                                        : ", WRONG OUTPUT: " + exectrace.differences()));
                    }
                }
            }
            return new EndToEndReport(settings, expected, lag.total(), measurements, loadBefore, LoadAverage.now());
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteRecursively(settings.workDir().resolve(runId));
        }
    }

    private ExpectedTotals preload(final Admin admin, final String bootstrap, final String topic)
            throws InterruptedException {
        await(() -> admin.createTopics(List.of(new NewTopic(topic, settings.partitions(), (short) 1))).all());
        final SyntheticSessions generator = new SyntheticSessions(SynthSettings.defaults(settings.seed(), START_MICROS)
                .withSessions(settings.sessions())
                .withMaxLines(settings.events()));
        final Properties producerProps = ProducerSettings.build(bootstrap, null,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "20"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps)) {
            final SyntheticFeeder.Summary sent = new SyntheticFeeder(producer, topic)
                    .feed(generator, START_MICROS, false, ReplayProgress.NONE);
            progress.accept(sent.describe(topic, generator.expectedTotals()));
        }
        return generator.expectedTotals();
    }

    private static Map<TopicPartition, Long> endOffsets(final Admin admin, final String topic)
            throws InterruptedException {
        final var description = await(() -> admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        final Map<TopicPartition, Long> ends = new HashMap<>();
        await(() -> admin.listOffsets(latest).all()).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private ExectraceConfig config(final String bootstrap, final String topic, final String name,
                                   final String guarantee, final int threads) {
        final Path stateDir = settings.workDir().resolve(runId).resolve(name);
        return ExectraceConfig.load(null, Map.ofEntries(
                Map.entry("EXECTRACE_BOOTSTRAP_SERVERS", bootstrap),
                Map.entry("EXECTRACE_APPLICATION_ID", name),
                Map.entry("EXECTRACE_STATE_DIR", stateDir.toString()),
                Map.entry("EXECTRACE_INPUT_TOPIC", topic),
                Map.entry("EXECTRACE_DLQ_TOPIC", runId + "-dlq"),
                Map.entry("EXECTRACE_CHAINS_TOPIC", runId + "-chains"),
                Map.entry("EXECTRACE_ALERTS_TOPIC", runId + "-alerts"),
                Map.entry("EXECTRACE_TOPIC_PARTITIONS", Integer.toString(settings.partitions())),
                Map.entry("EXECTRACE_PROCESSING_GUARANTEE", guarantee),
                Map.entry("EXECTRACE_STREAM_THREADS", Integer.toString(threads))));
    }

    /** Baseline 2 with exectrace's Kafka Streams properties; seconds from start until its input lag is 0. */
    private double countingSeconds(final ExectraceConfig config, final String topic, final InputLag lag)
            throws InterruptedException {
        final Properties props = ExectraceStreamsApp.streamsProperties(config);
        final long started = System.nanoTime();
        final KafkaStreams streams = SessionCountApp.start(topic, props);
        try {
            final long done = lag.awaitZero(config.applicationId(), RUN_TIMEOUT.toNanos(), () -> {
                if (streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("baseline 2 failed");
                }
            });
            final long counted = withStore(() -> SessionCountApp.countedLines(streams));
            if (counted != lag.total()) {
                throw new IllegalStateException("baseline 2 counted " + counted + " of " + lag.total() + " lines");
            }
            return (done - started) / 1e9;
        } finally {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            deleteRecursively(config.stateDir());
        }
    }

    private record Result(double seconds, List<String> differences) {
    }

    /** The full exectrace application with its defaults; seconds from start until its input lag is 0. */
    private static Result exectrace(final ExectraceConfig config, final InputLag lag, final ExpectedTotals expected)
            throws InterruptedException {
        final long started = System.nanoTime();
        final ExectraceStreamsApp app = new ExectraceStreamsApp(config);
        try {
            app.start();
            final long done = lag.awaitZero(config.applicationId(), RUN_TIMEOUT.toNanos(), () -> {
                if (app.streams().state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("exectrace failed");
                }
            });
            final Map<String, SessionSummary> summaries = withStore(() -> allSummaries(app));
            return new Result((done - started) / 1e9, SummaryCheck.differences(expected, summaries));
        } finally {
            app.close(Duration.ofSeconds(30));
            deleteRecursively(config.stateDir());
        }
    }

    private static Map<String, SessionSummary> allSummaries(final ExectraceStreamsApp app) {
        final Map<String, SessionSummary> all = new HashMap<>();
        try (var it = app.store(Registry.SESSION_SUMMARY.name(),
                QueryableStoreTypes.<String, SessionSummary>keyValueStore()).all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    /** Interactive queries fail while a rebalance moves a store; asks again for up to 30 s. */
    private static <T> T withStore(final Supplier<T> query) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return query.get();
            } catch (final InvalidStateStoreException moving) {
                if (System.nanoTime() > deadline) {
                    throw moving;
                }
                Thread.sleep(100);
            }
        }
    }

    private interface KafkaCall<T> {
        org.apache.kafka.common.KafkaFuture<T> call();
    }

    private static <T> T await(final KafkaCall<T> call) throws InterruptedException {
        try {
            return call.call().get();
        } catch (final ExecutionException e) {
            throw new IllegalStateException("Kafka admin request failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void deleteRecursively(final Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
