package io.exectrace.harness.chaos;

import io.exectrace.broker.EmbeddedKafkaBroker;
import io.exectrace.events.Stage;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.deadletter.DlqHeaders;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment of reliability scenario 5 ({@link HostileInputScenario}), hostile input: seeded invalid records ({@link HostileRecords}) interleaved with a seeded
 * synthetic run go through the real application on the embedded broker. Afterwards the stream threads are the
 * ones that started (none died and was replaced), every invalid record is in the dead-letter topic exactly once with the reason the contract gives it, and
 * every session's valid events are counted exactly once (the synthetic generator's own totals).
 *
 * @param seed           seeds both generators
 * @param hostileRecords invalid records to send
 * @param syntheticLines valid traffic, in synthetic lines (20 sessions)
 */
public record HostileInputExperiment(long seed, int hostileRecords, int syntheticLines) {
    private static final Logger LOG = LoggerFactory.getLogger(HostileInputExperiment.class);
    /** Header on each hostile record: its sequence number, so its dead letter can be matched with it. */
    static final String ID_HEADER = "exectrace.chaos.id";
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    /**
     * The scenario's figures.
     *
     * @param validLines      synthetic lines sent (valid, duplicated and the generator's own invalid ones)
     * @param hostile         hostile records sent
     * @param hostileByKind   hostile records sent per kind of damage
     * @param deadByReason    hostile records found in the DLQ per reason header
     * @param sessions        synthetic sessions compared
     * @param mismatches      everything that differed from the expectation (empty when the scenario passed)
     * @param elapsed         wall-clock time from the first record sent to the last check
     */
    public record Result(long validLines, long hostile, Map<String, Long> hostileByKind,
                         Map<String, Long> deadByReason, int sessions, List<String> mismatches, Duration elapsed) {
        public boolean passed() {
            return mismatches.isEmpty();
        }
    }

    /** Runs the scenario with its own broker and state under {@code workDir}. */
    public Result run(final Path workDir) throws InterruptedException {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDirectory(workDir.resolve("kafka")).start()) {
            final ExectraceConfig config = ChaosSetup.config(broker.bootstrapServers(), "exectrace-chaos-hostile",
                    workDir.resolve("state"), Map.of());
            final ExectraceStreamsApp app = new ExectraceStreamsApp(config);
            final AtomicReference<KafkaStreams.State> worst = new AtomicReference<>(KafkaStreams.State.RUNNING);
            app.onStateChange((now, before) -> {
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
                    worst.set(now);
                }
            });
            try {
                app.start();
                if (!app.awaitRunning(Duration.ofSeconds(90))) {
                    throw new IllegalStateException("the pipeline did not reach RUNNING");
                }
                final Set<String> threads = streamThreads(app);
                final Result result = sendAndCheck(broker, app, worst);
                if (!streamThreads(app).equals(threads)) {
                    // A thread that died was replaced (REPLACE_THREAD): same count, another name.
                    final List<String> mismatches = new ArrayList<>(result.mismatches());
                    mismatches.add("stream threads were replaced: " + threads + " then " + streamThreads(app));
                    return new Result(result.validLines(), result.hostile(), result.hostileByKind(),
                            result.deadByReason(), result.sessions(), List.copyOf(mismatches), result.elapsed());
                }
                return result;
            } finally {
                app.close(Duration.ofSeconds(30));
            }
        }
    }

    private Result sendAndCheck(final EmbeddedKafkaBroker broker, final ExectraceStreamsApp app,
                                final AtomicReference<KafkaStreams.State> worst) throws InterruptedException {
        final long started = System.nanoTime();
        final SyntheticSessions synthetic = new SyntheticSessions(ChaosSetup.synthetic(seed, 20, syntheticLines));
        final HostileRecords hostile = new HostileRecords(seed);
        final Map<Long, String> expectedReason = new HashMap<>();
        final Map<String, Long> byKind = new TreeMap<>();
        long validLines = 0;
        final String topic = app.config().inputTopic();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(broker.bootstrapServers(), null, Map.of()))) {
            long sent = 0;
            while (sent < hostileRecords || synthetic.hasNext()) {
                // Hostile records spread evenly over the valid traffic.
                final boolean hostileTurn = !synthetic.hasNext()
                        || (sent < hostileRecords && sent * (long) syntheticLines < validLines * hostileRecords);
                if (hostileTurn) {
                    final HostileRecords.Hostile record = hostile.next();
                    final ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, null, record.value());
                    out.headers().add(ID_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(sent).array());
                    producer.send(out);
                    expectedReason.put(sent, record.reason());
                    byKind.merge(record.kind().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                    sent++;
                } else {
                    final SyntheticRecord record = synthetic.next();
                    producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
                    validLines++;
                }
            }
            producer.flush();
        }
        final ExpectedTotals totals = synthetic.expectedTotals();
        LOG.info("sent {} hostile records and {} synthetic lines ({} of them invalid by design)", hostileRecords,
                validLines, totals.invalid());

        final List<String> mismatches = new ArrayList<>();
        final ReadOnlyKeyValueStore<String, SessionSummary> summaries =
                app.store(Registry.SESSION_SUMMARY.name(), QueryableStoreTypes.keyValueStore());
        final boolean consumed = ChaosSetup.await(() -> totals.sessions().stream().allMatch(s -> {
            final SessionSummary summary = summaries.get(s.sessionId());
            return summary != null && summary.events() + summary.duplicates() + summary.parseErrors() >= s.lines();
        }), PATIENCE);
        if (!consumed) {
            mismatches.add("not every synthetic line was counted within " + PATIENCE.toMinutes() + " min");
        }
        final Map<String, Long> deadByReason = checkDeadLetters(broker, app.config(), expectedReason,
                totals.invalid(), mismatches);
        for (final ExpectedTotals.Session session : totals.sessions()) {
            compare(session, summaries.get(session.sessionId()), mismatches);
        }
        if (worst.get() != KafkaStreams.State.RUNNING || app.streams().state() != KafkaStreams.State.RUNNING) {
            mismatches.add("Kafka Streams went to " + worst.get() + ", is " + app.streams().state());
        }
        final int threads = streamThreads(app).size();
        if (threads != app.config().streamThreads()) {
            mismatches.add(threads + " stream threads alive, " + app.config().streamThreads() + " configured");
        }
        return new Result(validLines, hostileRecords, byKind, deadByReason, totals.sessions().size(),
                List.copyOf(mismatches), Duration.ofNanos(System.nanoTime() - started));
    }

    private static Set<String> streamThreads(final ExectraceStreamsApp app) {
        final Set<String> names = new TreeSet<>();
        app.streams().metadataForLocalThreads().forEach(t -> names.add(t.threadName()));
        return names;
    }

    /** Every hostile record's dead letter exactly once with its reason; the generator's invalid lines besides. */
    private static Map<String, Long> checkDeadLetters(final EmbeddedKafkaBroker broker, final ExectraceConfig config,
                                                      final Map<Long, String> expectedReason,
                                                      final long syntheticInvalid, final List<String> mismatches) {
        final Map<String, Long> byReason = new TreeMap<>();
        final Map<Long, Integer> seen = new HashMap<>();
        final long[] other = {0};
        TopicDrain.drain(broker.bootstrapServers(), config.dlqTopic(), expectedReason.size() + syntheticInvalid,
                PATIENCE, dead -> {
                    final Header id = dead.headers().lastHeader(ID_HEADER);
                    if (id == null) {
                        other[0]++;
                        return;
                    }
                    final long n = ByteBuffer.wrap(id.value()).getLong();
                    final String reason = DlqHeaders.text(dead.headers(), DlqHeaders.REASON);
                    byReason.merge(reason == null ? "(none)" : reason, 1L, Long::sum);
                    if (seen.merge(n, 1, Integer::sum) == 1 && !String.valueOf(reason).equals(expectedReason.get(n))
                            && mismatches.size() < 50) {
                        mismatches.add("hostile record " + n + ": DLQ reason " + reason + ", expected "
                                + expectedReason.get(n) + " (" + DlqHeaders.text(dead.headers(), DlqHeaders.DETAIL)
                                + ")");
                    }
                });
        final long missing = expectedReason.keySet().stream().filter(n -> !seen.containsKey(n)).count();
        final long twice = seen.values().stream().filter(c -> c > 1).count();
        if (missing > 0) {
            mismatches.add(missing + " hostile records are not in the DLQ, e.g. "
                    + expectedReason.keySet().stream().filter(n -> !seen.containsKey(n)).limit(5).toList());
        }
        if (twice > 0) {
            mismatches.add(twice + " hostile records are in the DLQ more than once");
        }
        if (other[0] != syntheticInvalid) {
            mismatches.add(other[0] + " other DLQ records, the generator wrote " + syntheticInvalid + " invalid lines");
        }
        return byReason;
    }

    private static void compare(final ExpectedTotals.Session expected, final SessionSummary actual,
                                final List<String> mismatches) {
        if (actual == null) {
            mismatches.add(expected.sessionId() + ": no summary");
            return;
        }
        final Map<String, long[]> counts = new TreeMap<>();
        counts.put("events", new long[]{expected.events(), actual.events()});
        counts.put("duplicates", new long[]{expected.duplicates(), actual.duplicates()});
        counts.put("parse_errors", new long[]{expected.invalid(), actual.parseErrors()});
        final Map<Stage, Long> byStage = new EnumMap<>(Stage.class);
        byStage.putAll(actual.eventsByStage());
        for (final Stage stage : Stage.values()) {
            counts.put(stage.label(), new long[]{expected.events(stage), byStage.getOrDefault(stage, 0L)});
        }
        counts.forEach((what, pair) -> {
            if (pair[0] != pair[1]) {
                mismatches.add(expected.sessionId() + ": " + what + " " + pair[1] + ", expected " + pair[0]);
            }
        });
    }
}
