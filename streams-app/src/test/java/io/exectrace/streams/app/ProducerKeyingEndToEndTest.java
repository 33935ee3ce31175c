package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.Dialect;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.JsonlInputs;
import io.exectrace.producer.JsonlLineReader;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.ClosedChainSerde;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.json.ClosedChainJson;
import io.exectrace.streams.json.SessionSummaryJson;
import io.exectrace.streams.testing.EmbeddedPipeline;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event contract's promise that answers do not depend on how producers key or partition (issue #22), checked
 * black-box: one seeded synthetic JSONL file (8,000 lines, 30 sessions, both dialects, the generator's default
 * late, duplicate and invalid lines) is sent in one burst to a fresh 6-partition input topic, once per
 * {@link ProducerKeying}, each time to a fresh app (own application id, state and topics); once it has counted every
 * record it is restarted with a 3 s idle timeout, and once every session is idle-closed, every session's summary and
 * every closed chain must equal, field by field, what the offline viewer computes for the same file
 * ({@link ViewerReference}).
 *
 * <p>One method per keying, so a keying that fails today is disabled alone. The invalid lines are the one place
 * where the key rightly matters: the contract counts an invalid line for the session its key names, else the
 * session read from the line, else none, so the reference counts them where the keying puts them (for
 * {@link ProducerKeying#SESSION}, keyed as {@code produce replay} keys, that is the viewer's own rule).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProducerKeyingEndToEndTest {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerKeyingEndToEndTest.class);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path workDir;

    private static final int SESSIONS = 30;
    private static final int LINES = 8_000;
    /** Both dialects (default ledger share), default late, duplicate and invalid shares. */
    private static final SynthSettings SETTINGS = SynthSettings.defaults(20_260_222L,
            Instant.parse("2025-12-20T08:00:00Z").getEpochSecond() * 1_000_000L)
            .withSessions(SESSIONS)
            .withMaxLines(LINES);
    /** More input partitions than the app's 3, so unkeyed records of a session reach it from six places. */
    private static final int INPUT_PARTITIONS = 6;
    /** How long a phase may wait for the pipeline to count every record, or to close every session. */
    private static final Duration SETTLE_PATIENCE = Duration.ofSeconds(90);
    /**
     * Kafka Streams does not leave its group on close, so the restarted app waits for the old member's session to
     * expire: the broker's minimum (6 s) instead of 45 s.
     */
    private static final String SESSION_TIMEOUT = "EXECTRACE_STREAMS_SESSION_TIMEOUT_MS";
    private static final String SESSION_TIMEOUT_MS = "6000";

    private String fileStem;
    /** The file's lines as bytes, and parsed, in file order. */
    private List<byte[]> rawLines;
    private List<ParseResult> lines;

    @BeforeAll
    void writeTheFile() throws IOException {
        final Path file = workDir.resolve("keyings.jsonl");
        final SyntheticSessions generator = new SyntheticSessions(SETTINGS);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            while (generator.hasNext()) {
                out.write(generator.next().value());
                out.write('\n');
            }
        }
        fileStem = JsonlInputs.stem(file);
        // Read back as the viewer and `produce replay` frame it (one line reader), parsed once.
        rawLines = new ArrayList<>();
        lines = new ArrayList<>();
        final ExecutionEventParser parser = new ExecutionEventParser();
        try (JsonlLineReader reader = JsonlLineReader.open(file)) {
            for (byte[] line = reader.next(); line != null; line = reader.next()) {
                rawLines.add(line);
                lines.add(parser.parse(line));
            }
        }
        // The comparison is only worth something when the file has what the rules are about.
        assertThat(lines).hasSize(LINES);
        final Set<Dialect> dialects = EnumSet.noneOf(Dialect.class);
        final Set<String> sessions = new TreeSet<>();
        for (final ParseResult line : lines) {
            if (line instanceof ParseResult.Valid valid) {
                dialects.add(valid.event().dialect());
                sessions.add(valid.event().sessionId());
            }
        }
        assertThat(dialects).containsExactlyInAnyOrder(Dialect.TELEMETRY_V1, Dialect.LEDGER_V1);
        assertThat(sessions).hasSize(SESSIONS);
        assertThat(lines).anyMatch(ParseResult.Invalid.class::isInstance);
    }

    @Test
    void keyedBySessionIdTheAnswersEqualTheViewers() throws Exception {
        assertAnswersEqualTheViewers(ProducerKeying.SESSION);
    }

    @Test
    void unkeyedOverSixPartitionsTheAnswersEqualTheViewers() throws Exception {
        assertAnswersEqualTheViewers(ProducerKeying.NONE);
    }

    @Test
    void keyedByOrderIdTheAnswersEqualTheViewers() throws Exception {
        assertAnswersEqualTheViewers(ProducerKeying.ORDER);
    }

    @Test
    void underAConstantKeyTheAnswersEqualTheViewers() throws Exception {
        assertAnswersEqualTheViewers(ProducerKeying.CONSTANT);
    }

    private void assertAnswersEqualTheViewers(final ProducerKeying keying) throws Exception {
        final SessionAnswers expected = ViewerReference.of(lines,
                invalid -> keying.sessionOfInvalid(invalid, fileStem));
        assertThat(expected.chainCount()).isPositive();

        final String name = "keying-" + keying.name().toLowerCase(Locale.ROOT);
        final String applicationId = "exectrace-" + name;
        final Path stateDir = workDir.resolve("state-" + name);
        final String inputTopic = name + "-events";
        final String chainsTopic = name + "-chains";
        final Map<String, String> settings = Map.of(
                "EXECTRACE_INPUT_TOPIC", inputTopic,
                "EXECTRACE_CHAINS_TOPIC", chainsTopic,
                "EXECTRACE_ALERTS_TOPIC", name + "-alerts",
                "EXECTRACE_DLQ_TOPIC", name + "-dlq",
                SESSION_TIMEOUT, SESSION_TIMEOUT_MS);
        KAFKA.createTopic(inputTopic, INPUT_PARTITIONS);
        final long started = System.nanoTime();
        // Phase 1: the burst, consumed with the default idle timeout. Idleness is judged on the arrival clock, and
        // under load a short timeout closed sessions whose records still waited in the app (seen with this test,
        // keyed by session): a different problem from the one this test is about.
        try (EmbeddedPipeline consuming = EmbeddedPipeline.start(KAFKA, applicationId, stateDir,
                with(settings, "EXECTRACE_IDLE_TIMEOUT", "5m"))) {
            final Map<Integer, Long> perPartition = sendBurst(keying, inputTopic);
            LOG.info("{}: {} lines sent, per input partition {}", keying, LINES, perPartition);
            if (keying == ProducerKeying.NONE || keying == ProducerKeying.ORDER) {
                // A session's records must come from several partitions, or none could overtake another.
                assertThat(perPartition).as("input partitions used").hasSizeGreaterThan(1);
            }
            awaitEveryRecordCounted(consuming, expected.records());
        }
        // Phase 2: the same app restarted with a short idle timeout, which closes every session and its chains.
        final SessionAnswers actual;
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(KAFKA, applicationId, stateDir,
                with(settings, "EXECTRACE_IDLE_TIMEOUT", "3s"))) {
            actual = awaitSettled(pipeline, chainsTopic, expected);
        }
        LOG.info("{}: settled after {} ms", keying, (System.nanoTime() - started) / 1_000_000);
        final List<AnswerDifferences.FieldMismatch> mismatches = AnswerDifferences.of(expected, actual);
        LOG.info("{}: {}", keying, overview(keying, expected, actual, mismatches));
        assertThat(mismatches)
                .withFailMessage(() -> report(keying, expected, actual, mismatches))
                .isEmpty();
    }

    /** Sends the file's lines in file order, as fast as the producer batches them; returns records per partition. */
    private Map<Integer, Long> sendBurst(final ProducerKeying keying, final String topic) throws Exception {
        final Map<Integer, Long> perPartition = new ConcurrentHashMap<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            for (int i = 0; i < rawLines.size(); i++) {
                producer.send(new ProducerRecord<>(topic, keying.keyOf(lines.get(i), fileStem), rawLines.get(i)),
                        (metadata, exception) -> {
                            if (exception != null) {
                                failure.compareAndSet(null, exception);
                            } else {
                                perPartition.merge(metadata.partition(), 1L, Long::sum);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new TreeMap<>(perPartition);
    }

    private static Map<String, String> with(final Map<String, String> settings, final String key, final String value) {
        final Map<String, String> all = new HashMap<>(settings);
        all.put(key, value);
        return all;
    }

    /** Waits until the pipeline has counted as many records as the reference; gives up after the patience. */
    private static void awaitEveryRecordCounted(final EmbeddedPipeline pipeline, final long records)
            throws InterruptedException {
        final long deadline = System.nanoTime() + SETTLE_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (pipeline.allSummaries().values().stream()
                        .mapToLong(s -> s.events() + s.duplicates() + s.parseErrors()).sum() == records) {
                    return;
                }
            } catch (final InvalidStateStoreException migrating) {
                // ask again
            }
            Thread.sleep(500);
        }
        LOG.warn("the pipeline did not count {} records within {}; going on", records, SETTLE_PATIENCE);
    }

    /**
     * Waits until the pipeline has counted as many records as the reference, every session is idle-closed with no
     * open chain, and the chains topic holds (committed) as many chains as the summaries closed; then returns its
     * answers. After {@link #SETTLE_PATIENCE} it returns what is there, for the comparison to show.
     */
    private static SessionAnswers awaitSettled(final EmbeddedPipeline pipeline, final String chainsTopic,
                                               final SessionAnswers expected) throws InterruptedException {
        final long deadline = System.nanoTime() + SETTLE_PATIENCE.toNanos();
        SessionAnswers answers = null;
        while (System.nanoTime() < deadline) {
            try {
                final Map<String, SessionSummary> summaries = pipeline.allSummaries();
                final boolean closed = !summaries.isEmpty() && summaries.values().stream()
                        .allMatch(s -> s.idleClosed() && s.openChains() == 0);
                final long closedChains = summaries.values().stream().mapToLong(SessionSummary::closedChains).sum();
                answers = answers(pipeline, summaries, chainsTopic);
                if (closed && answers.records() == expected.records() && answers.chainCount() == closedChains) {
                    return answers;
                }
            } catch (final InvalidStateStoreException migrating) {
                // ask again
            }
            Thread.sleep(1000);
        }
        LOG.warn("the pipeline did not settle within {}; comparing what it has", SETTLE_PATIENCE);
        return answers != null ? answers : new SessionAnswers(Map.of(), Map.of());
    }

    /** The pipeline's answers in the viewer's JSON: summaries and latencies by interactive query, the chains topic. */
    private static SessionAnswers answers(final EmbeddedPipeline pipeline, final Map<String, SessionSummary> summaries,
                                          final String chainsTopic) {
        final Map<String, ObjectNode> json = new TreeMap<>();
        summaries.forEach((id, s) -> json.put(id, SessionSummaryJson.of(s, pipeline.latencies(id))));
        final Map<String, List<ObjectNode>> chains = new TreeMap<>();
        final ClosedChainSerde serde = new ClosedChainSerde();
        for (final byte[] value : committedValues(chainsTopic)) {
            final ClosedChain chain = serde.deserializer().deserialize(chainsTopic, value);
            chains.computeIfAbsent(chain.sessionId(), k -> new ArrayList<>()).add(ClosedChainJson.of(chain));
        }
        return new SessionAnswers(json, chains);
    }

    /** Every committed record value of a topic, from the beginning up to its last stable offset. */
    private static List<byte[]> committedValues(final String topic) {
        final Map<String, Object> props = new HashMap<>(KAFKA.consumerConfig("keying-reader"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed, the end offsets are the last stable offsets: what committed transactions hold.
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(10)) < end.get(p))) {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        values.add(r.value());
                    }
                }
            }
        }
        return values;
    }

    /** One line for the log: how many fields differ, in how many sessions, and which fields most often. */
    private static String overview(final ProducerKeying keying, final SessionAnswers expected,
                                   final SessionAnswers actual, final List<AnswerDifferences.FieldMismatch> mismatches) {
        final long sessions = mismatches.stream().map(AnswerDifferences.FieldMismatch::session).distinct().count();
        // Grouped without chain ids and symbols, so the line says what kind of answer differs.
        final Map<String, Long> byField = mismatches.stream().collect(Collectors.groupingBy(
                m -> m.field().replaceFirst("^chain [0-9a-f]+(#\\d+)?", "chain *")
                        .replaceFirst("^by_symbol\\.[^.]+", "by_symbol.*"), TreeMap::new, Collectors.counting()));
        return String.format(Locale.ROOT, "keying %s: %d mismatching fields in %d of %d sessions (viewer: %d chains,"
                        + " pipeline: %d chains); by field %s", keying, mismatches.size(), sessions,
                expected.summaries().size(), expected.chainCount(), actual.chainCount(), byField);
    }

    private static String report(final ProducerKeying keying, final SessionAnswers expected,
                                 final SessionAnswers actual, final List<AnswerDifferences.FieldMismatch> mismatches) {
        final StringBuilder text = new StringBuilder(overview(keying, expected, actual, mismatches))
                .append("\n(expected: the offline viewer on the same file; actual: the pipeline)");
        for (final AnswerDifferences.FieldMismatch m : mismatches) {
            text.append('\n').append(keying).append(" | ").append(m.describe());
        }
        return text.toString();
    }
}
