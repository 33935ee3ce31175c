package io.exectrace.harness.bench.e2e;

import io.exectrace.broker.EmbeddedKafkaBroker;
import io.exectrace.broker.TopicCreation;
import io.exectrace.events.VenueFill;
import io.exectrace.events.VenueFillJson;
import io.exectrace.harness.chaos.InputKeying;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.producer.SyntheticVenueFills;
import io.exectrace.producer.VenueFillFormat;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.ExectraceTopology;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.reconciliation.ReconciliationResult;

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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The end-to-end throughput comparison of the performance issue: pre-loads the input topic with seeded synthetic
 * events (both dialects, partial fills, out-of-order, duplicate and invalid lines), then, in each round and on the
 * same topic, measures the raw consumer (baseline 1) and, alternating, the full exectrace topology, a minimal
 * stateful Kafka Streams app (baseline 2: count per session) and the floor of an app that persists each event
 * (baseline 3). Each application is timed by its committed input offsets ({@link SteadyState}): its start-up
 * (start() to first commit) and its steady-state rate (first commit once RUNNING to consumer lag 0). The exectrace
 * run's session summaries are checked against the generator's expected totals and the baselines' stores against
 * the input: a fast wrong answer fails the benchmark. The input is keyed by session unless {@code --key} says
 * otherwise (then exectrace's reorder stage orders it; the baselines take the session id from the value).
 */
public final class EndToEndBenchmark {
    /** The longest a single measured run may take. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Input keyed otherwise than by session: how long after the input is consumed the session summaries may take to
     * be complete before the run counts as a wrong answer.
     */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);
    /** The venues the generator's venue fills name (dialect B sessions' exchanges). */
    private static final List<String> RECONCILED_VENUES = List.of("binance", "coinbase", "kraken");
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
            final ExpectedParseErrors parseErrors;
            if (settings.keying() == InputKeying.SESSION) {
                parseErrors = null;
            } else {
                parseErrors = ExpectedParseErrors.of(synthSettings(), settings.keying());
                progress.accept(String.format(Locale.ROOT, "input keyed by %s, records per partition %s; %d invalid"
                                + " lines name no session (dead-letter topic only)", settings.keying().label(),
                        new java.util.TreeMap<>(endOffsets.entrySet().stream().collect(Collectors.toMap(
                                e -> e.getKey().partition(), Map.Entry::getValue))), parseErrors.unassigned()));
            }
            final InputLag lag = new InputLag(admin, endOffsets);
            final List<EndToEndReport.Measurement> measurements = new ArrayList<>();
            for (int run = 1; run <= settings.runs(); run++) {
                final double raw = lag.total() / RawConsumerRate.seconds(bootstrap, endOffsets, lag.total());
                progress.accept(String.format(Locale.ROOT, "run %d: raw consumer %.0f records/s", run, raw));
                for (final String guarantee : settings.guarantees()) {
                    for (final int threads : settings.threads()) {
                        final String name = String.format(Locale.ROOT, "%s-r%d-%s-t%d", runId, run,
                                guarantee.replace('_', '-'), threads);
                        // Alternating, so that the three see the same moments of a shared machine.
                        final Result exectrace = exectrace(
                                config(bootstrap, topic, name + "-exectrace", guarantee, threads), lag, expected,
                                parseErrors == null ? null : parseErrors.bySession());
                        report(run, guarantee, threads, "exectrace", exectrace.timing(),
                                exectrace.differences().isEmpty() ? "output checked"
                                        : "WRONG OUTPUT: " + exectrace.differences());
                        final SteadyState.Timing counting = baseline(
                                config(bootstrap, topic, name + "-b2", guarantee, threads), topic, lag,
                                Baseline.COUNT);
                        report(run, guarantee, threads, "baseline 2", counting, "counts checked");
                        final SteadyState.Timing storing = baseline(
                                config(bootstrap, topic, name + "-b3", guarantee, threads), topic, lag,
                                Baseline.STORE);
                        report(run, guarantee, threads, "baseline 3", storing, "stored events checked");
                        SteadyState.Timing former = null;
                        if (settings.formerBaseline2()) {
                            former = baseline(config(bootstrap, topic, name + "-b2old", guarantee, threads), topic,
                                    lag, Baseline.COUNT_AS_BEFORE);
                            report(run, guarantee, threads, "baseline 2 as before", former, "counts checked");
                        }
                        measurements.add(new EndToEndReport.Measurement(run, guarantee, threads, raw,
                                exectrace.timing(), counting, storing, former, exectrace.differences()));
                        progress.accept(String.format(Locale.ROOT, "run %d %s %d thread(s): c/b %.3f, c/b3 %.3f;"
                                        + " by CPU per record c/b %.3f, c/b3 %.3f", run, guarantee, threads,
                                exectrace.timing().rate() / counting.rate(), exectrace.timing().rate() / storing.rate(),
                                counting.cpuMicrosPerRecord() / exectrace.timing().cpuMicrosPerRecord(),
                                storing.cpuMicrosPerRecord() / exectrace.timing().cpuMicrosPerRecord()));
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
        TopicCreation.createAndAwaitLeaders(admin, newTopic(topic), TOPIC_TIMEOUT);
        if (settings.reconcile()) {
            TopicCreation.createAndAwaitLeaders(admin, newTopic(venueFillsTopic()), TOPIC_TIMEOUT);
        }
        final SyntheticVenueFills venue = settings.reconcile() ? new SyntheticVenueFills(settings.seed(),
                VenueFillFormat.GENERIC, SyntheticVenueFills.DEFAULT_MISMATCH_RATE) : null;
        final SyntheticSessions generator = new SyntheticSessions(synthSettings(), venue);
        // Keyed otherwise than by session: a plain producer's batch size, so that the records spread.
        final Properties producerProps = ProducerSettings.build(bootstrap, null,
                settings.keying().producerOverrides(Map.of(ProducerConfig.LINGER_MS_CONFIG, "20")));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps)) {
            final SyntheticFeeder.Summary sent = new SyntheticFeeder(producer, topic, settings.keying().keys())
                    .feed(generator, START_MICROS, false, ReplayProgress.NONE);
            progress.accept(sent.describe(topic, generator.expectedTotals()));
            if (venue != null) {
                for (final VenueFill fill : venue.fills()) {
                    producer.send(new ProducerRecord<>(venueFillsTopic(), fill.venueOrderId(),
                            VenueFillJson.write(fill)));
                }
                producer.flush();
                progress.accept(String.format(Locale.ROOT, "%d venue fills of %d orders in %s (reconciled: %s)",
                        venue.fills().size(), venue.orders(), venueFillsTopic(), String.join(",", venue.venues())));
            }
        }
        return generator.expectedTotals();
    }

    private NewTopic newTopic(final String name) {
        return new NewTopic(name, settings.partitions(), (short) 1);
    }

    private String venueFillsTopic() {
        return runId + "-venue-fills";
    }

    private SynthSettings synthSettings() {
        return SynthSettings.defaults(settings.seed(), START_MICROS).withSessions(settings.sessions())
                .withMaxLines(settings.records());
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
                Map.entry("EXECTRACE_STREAM_THREADS", Integer.toString(threads)),
                Map.entry("EXECTRACE_VENUE_FILLS_TOPIC", venueFillsTopic()),
                Map.entry("EXECTRACE_VENUE_FILLS_DLQ_TOPIC", runId + "-venue-fills-dlq"),
                Map.entry("EXECTRACE_RECONCILIATION_VENUES", settings.reconcile() ? String.join(",",
                        RECONCILED_VENUES) : "")));
    }

    private void report(final int run, final String guarantee, final int threads, final String what,
                        final SteadyState.Timing timing, final String check) {
        progress.accept(String.format(Locale.ROOT,
                "run %d %s %d thread(s) %s: start-up %.1f s, steady state %.0f records/s over %.1f s"
                        + " (%.0f records/s from start()), %.1f µs CPU per record, peak live heap %.0f MiB, %s", run,
                guarantee, threads, what, timing.startupSeconds(), timing.rate(), timing.steadySeconds(),
                timing.rateFromStart(), timing.cpuMicrosPerRecord(), timing.peakLiveHeapMib(), check));
    }

    /**
     * What the baselines run with: exectrace's guarantee, stream threads, commit interval, record cache size and
     * output compression, and nothing else of its settings (no dead-letter exception handlers, no API endpoint).
     */
    static Properties baselineProperties(final ExectraceConfig config) {
        final Properties exectrace = ExectraceStreamsApp.streamsProperties(config);
        final Properties props = new Properties();
        for (final String key : List.of(StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                StreamsConfig.STATE_DIR_CONFIG, StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG))) {
            props.put(key, exectrace.get(key));
        }
        return props;
    }

    /** The baseline apps. */
    enum Baseline {
        /** Baseline 2: a count per session in a cached store. */
        COUNT("baseline 2"),
        /** Baseline 3: every event written once to a logged, uncached store. */
        STORE("baseline 3"),
        /**
         * Baseline 2 as it was before issue #23 (a Jackson tree per line, all of exectrace's Kafka Streams
         * properties, dead-letter handlers included), for the comparison with {@code --former-baseline2}.
         */
        COUNT_AS_BEFORE("baseline 2 as before");

        final String label;

        Baseline(final String label) {
            this.label = label;
        }
    }

    /** A baseline app timed by its committed offsets; its state is checked against the input once consumed. */
    private SteadyState.Timing baseline(final ExectraceConfig config, final String topic, final InputLag lag,
                                        final Baseline baseline) throws InterruptedException {
        final KafkaStreams streams = switch (baseline) {
            case COUNT -> SessionCountApp.create(topic, baselineProperties(config), settings.baselineParse());
            case STORE -> EventStoreApp.create(topic, baselineProperties(config), settings.baselineParse());
            case COUNT_AS_BEFORE -> SessionCountApp.create(topic, ExectraceStreamsApp.streamsProperties(config),
                    SessionIds.TREE);
        };
        final long started = System.nanoTime();
        streams.start();
        try {
            final List<SteadyState.Sample> samples = lag.watch(config.applicationId(), RUN_TIMEOUT.toNanos(),
                    () -> streams.state() == KafkaStreams.State.RUNNING, () -> {
                        if (streams.state() == KafkaStreams.State.ERROR) {
                            throw new IllegalStateException(baseline.label + " failed");
                        }
                    });
            final SteadyState.Timing timing = SteadyState.of(started, samples, lag.total());
            final long seen = withStore(() -> baseline == Baseline.STORE
                    ? EventStoreApp.storedEvents(streams) : SessionCountApp.countedLines(streams));
            if (seen != lag.total()) {
                throw new IllegalStateException(baseline.label + " has " + seen + " of " + lag.total() + " lines");
            }
            return timing;
        } finally {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            deleteRecursively(config.stateDir());
        }
    }

    private record Result(SteadyState.Timing timing, List<String> differences) {
    }

    /**
     * Waits until exectrace has decided as many {@code matched} pairs as the generator made (most pairs decide as
     * soon as both sides are in; differences wait for the window, after the run) and moves the last sample there; a
     * shortfall at the timeout (the window and a minute) is a difference.
     */
    private static List<String> awaitMatchedPairs(final ExectraceStreamsApp app, final ExpectedTotals expected,
                                                  final List<SteadyState.Sample> samples,
                                                  final ExectraceConfig config) throws InterruptedException {
        final long wanted = expected.sessions().stream()
                .mapToLong(s -> s.reconciliation().getOrDefault(ReconciliationResult.MATCHED.label(), 0L)).sum();
        // A pair whose fills another of the order's could take (equal quantity and price) is decided when the order
        // closes, a window after its last record.
        final long deadline = System.nanoTime() + config.reconciliationWindow().plusMinutes(1).toNanos();
        while (true) {
            final long matched = Math.round(app.metrics().registry().find(config.metricsPrefix() + ".reconciliation")
                    .tag("result", ReconciliationResult.MATCHED.label()).counters().stream()
                    .mapToDouble(counter -> counter.count()).sum());
            if (matched >= wanted || System.nanoTime() > deadline) {
                final SteadyState.Sample last = samples.get(samples.size() - 1);
                samples.set(samples.size() - 1, new SteadyState.Sample(System.nanoTime(), last.committed(),
                        last.stable(), AppThreadCpu.nanos(config.applicationId()), LiveHeap.afterLastGc()));
                return matched == wanted ? List.of()
                        : List.of("reconciliation: " + matched + " matched pairs decided, the generator made " + wanted);
            }
            Thread.sleep(InputLag.POLL_MILLIS);
        }
    }

    /** The full exectrace application with its defaults, timed by its committed offsets; its answer checked. */
    private static Result exectrace(final ExectraceConfig config, final InputLag lag, final ExpectedTotals expected,
                                    final Map<String, Long> parseErrors) throws InterruptedException {
        final ExectraceStreamsApp app = new ExectraceStreamsApp(config);
        final long started = System.nanoTime();
        try {
            app.start();
            final List<SteadyState.Sample> samples = lag.watch(config.applicationId(), RUN_TIMEOUT.toNanos(),
                    () -> app.streams().state() == KafkaStreams.State.RUNNING, () -> {
                        if (app.streams().state() == KafkaStreams.State.ERROR) {
                            throw new IllegalStateException("exectrace failed");
                        }
                    });
            if (parseErrors == null) {
                // Keyed by session: the correlator processes a record in the task and transaction that commit its
                // input offset, so consumer lag 0 means every answer is in. Reconciliation runs a repartition hop
                // behind: the window ends when its matched pairs are all decided.
                final List<String> unreconciled = ExectraceTopology.reconciles(config)
                        ? awaitMatchedPairs(app, expected, samples, config) : List.of();
                final SteadyState.Timing timing = SteadyState.of(started, samples, lag.total());
                final Map<String, SessionSummary> summaries = withStore(() -> allSummaries(app));
                final List<String> differences = new ArrayList<>(SummaryCheck.differences(expected, summaries, null));
                differences.addAll(unreconciled);
                return new Result(timing, differences);
            }
            // Keyed otherwise: consuming the input only hands the records on to the repartition topic and the
            // reorder stage; the run ends when the session summaries are complete (polled every 50 ms), so the
            // window's end is moved to that moment.
            final long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
            while (true) {
                final long before = System.nanoTime();
                final Map<String, SessionSummary> summaries = withStore(() -> allSummaries(app));
                final List<String> differences = SummaryCheck.differences(expected, summaries, parseErrors);
                final long seen = (before + System.nanoTime()) / 2;
                if (differences.isEmpty() || System.nanoTime() > deadline) {
                    final SteadyState.Sample last = samples.get(samples.size() - 1);
                    samples.set(samples.size() - 1, new SteadyState.Sample(seen, last.committed(), last.stable(),
                            AppThreadCpu.nanos(config.applicationId()), LiveHeap.afterLastGc()));
                    return new Result(SteadyState.of(started, samples, lag.total()), differences);
                }
                if (app.streams().state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("exectrace failed");
                }
                Thread.sleep(InputLag.POLL_MILLIS);
            }
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
