package io.exectrace.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.streams.testing.EmbeddedPipeline;
import io.exectrace.streams.testing.GoldenFixtureAssertions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records produced by kcat (librdkafka), a producer we do not control, are processed like our own: the golden
 * fixtures sent by kcat give the same session summaries and chains as the hand-written expected files that our
 * replay producer is held to ({@code app.EndToEndTest}).
 *
 * <p>Three kcat runs cover the three ways a record can reach the topology: keyed by session id with librdkafka's
 * default {@code consistent_random} partitioner (CRC32, so a session's records sit in a partition that is not
 * its Java/murmur2 home and must be re-keyed), keyed with {@code murmur2_random} (Java-compatible: already at
 * home), and without a key to one partition (attributed by the session id inside the value, then re-keyed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KcatInteroperabilityTest {
    private static final Path KCAT = Path.of("/usr/bin/kcat");
    private static final long KCAT_TIMEOUT_SECONDS = 60;
    private static final int UNKEYED_PARTITION = 0;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path stateDir;

    @TempDir
    static Path kcatLogs;

    /** Keyed, default partitioner; golden_session_bad_lines' invalid lines are attributed by their key. */
    private final List<GoldenFixture> keyedConsistent = List.of(
            GoldenFixtures.named("golden_session_ok.jsonl"),
            GoldenFixtures.named("golden_session_latency.jsonl"),
            GoldenFixtures.named("golden_session_bad_lines.jsonl"));
    /** Keyed, Java-compatible partitioner. */
    private final GoldenFixture keyedMurmur2 = GoldenFixtures.named("emitter_style.jsonl");
    /** No key. Its lines are all valid: an invalid line without key and readable session belongs to no session. */
    private final GoldenFixture unkeyed = GoldenFixtures.named("ledger_v1.jsonl");

    private EmbeddedPipeline pipeline;

    @BeforeAll
    void startAndProduceWithKcat() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(KCAT),
                KCAT + " is not installed (Debian package kcat); .ci/run installs it, so CI runs this test");
        pipeline = EmbeddedPipeline.start(KAFKA, "exectrace-kcat", stateDir, Map.of());
        for (final GoldenFixture fixture : keyedConsistent) {
            kcat(fixture, true, List.of());
        }
        kcat(keyedMurmur2, true, List.of("-X", "partitioner=murmur2_random"));
        // Kafka orders records only within a partition: key-less records spread over partitions reach the session
        // in an undefined interleaving, while the expected file's backward_jumps are about the file's order. So the
        // key-less run names one partition (kcat -p), as one does with kcat; without a key it is re-keyed anyway.
        kcat(unkeyed, false, List.of("-p", Integer.toString(UNKEYED_PARTITION)));
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void sessionSummariesAndTheChainsTopicMatchTheExpectedFiles() {
        final List<GoldenFixture> all = Stream.concat(keyedConsistent.stream(), Stream.of(keyedMurmur2, unkeyed))
                .toList();
        GoldenFixtureAssertions.assertSessionSummaries(pipeline, all, Map.of());
        GoldenFixtureAssertions.assertChainsTopic(pipeline, all);
    }

    @Test
    void kcatsRecordsTookEveryRouteIntoTheTopology() {
        final int lines = Stream.concat(keyedConsistent.stream(), Stream.of(keyedMurmur2, unkeyed))
                .mapToInt(f -> f.lines().size()).sum();
        final List<ConsumerRecord<byte[], byte[]>> input = pipeline.consumeAll(pipeline.config().inputTopic(), lines);
        assertThat(input).hasSize(lines);
        final int partitions = pipeline.config().topicPartitions();

        assertThat(recordsOf(input, keyedMurmur2))
                .as("murmur2_random puts every record of %s in its Java home partition", keyedMurmur2)
                .hasSize(keyedMurmur2.lines().size())
                .allSatisfy(r -> {
                    assertThat(r.key()).isEqualTo(keyedMurmur2.stem().getBytes(StandardCharsets.UTF_8));
                    assertThat(r.partition()).isEqualTo(SessionKeys.partitionFor(r.key(), partitions));
                });
        final List<ConsumerRecord<byte[], byte[]>> consistent = new ArrayList<>();
        for (final GoldenFixture fixture : keyedConsistent) {
            final List<ConsumerRecord<byte[], byte[]>> records = recordsOf(input, fixture);
            assertThat(records).hasSize(fixture.lines().size()).allSatisfy(r -> assertThat(r.key())
                    .isEqualTo(fixture.stem().getBytes(StandardCharsets.UTF_8)));
            consistent.addAll(records);
        }
        assertThat(consistent)
                .as("consistent_random (CRC32) puts some session away from its murmur2 home: the re-key path")
                .anySatisfy(r -> assertThat(r.partition()).isNotEqualTo(SessionKeys.partitionFor(r.key(), partitions)));
        final List<ConsumerRecord<byte[], byte[]>> keyless = recordsOf(input, unkeyed);
        assertThat(keyless).hasSize(unkeyed.lines().size()).allSatisfy(r -> assertThat(r.key()).isNull());
        assertThat(keyless).extracting(ConsumerRecord::partition).containsOnly(UNKEYED_PARTITION);
    }

    /** The input records whose value is one of the fixture's lines. */
    private static List<ConsumerRecord<byte[], byte[]>> recordsOf(final List<ConsumerRecord<byte[], byte[]>> input,
                                                                 final GoldenFixture fixture) {
        return input.stream()
                .filter(r -> fixture.lines().stream().anyMatch(line -> Arrays.equals(line, r.value())))
                .toList();
    }

    /** Sends the fixture's lines through kcat's stdin, as {@code key<TAB>line} when keyed. */
    private void kcat(final GoldenFixture fixture, final boolean keyed, final List<String> options)
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(KCAT.toString(), "-P",
                "-b", KAFKA.bootstrapServers(), "-t", pipeline.config().inputTopic()));
        if (keyed) {
            // kcat reads the delimiter escape itself: "\t" is a tab.
            command.addAll(List.of("-K", "\\t"));
        }
        command.addAll(options);
        final Path stderr = kcatLogs.resolve(fixture.stem() + ".stderr");
        final Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (final byte[] line : fixture.lines()) {
            if (keyed) {
                input.write(fixture.stem().getBytes(StandardCharsets.UTF_8));
                input.write('\t');
            }
            input.write(line);
            input.write('\n');
        }
        try (OutputStream stdin = process.getOutputStream()) {
            input.writeTo(stdin);
        }
        final boolean exited = process.waitFor(KCAT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("kcat %s finished within %d s", command, KCAT_TIMEOUT_SECONDS).isTrue();
        assertThat(process.exitValue()).as("kcat %s exit code; stderr: %s", command, Files.readString(stderr))
                .isZero();
    }
}
