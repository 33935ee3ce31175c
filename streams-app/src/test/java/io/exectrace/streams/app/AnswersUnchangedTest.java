package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.testing.TopologyHarness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The whole of what the topology writes for one generator input — every output and repartition record in order,
 * and the final content of every store as its changelog holds it, byte for byte — against a recording made with
 * the code before the per-event cost work (main at 34a939a): a change to how the state is written must not change
 * one byte of what is written. Ten minutes of event time over eight sessions, the generator's default shape (late,
 * duplicated and invalid lines, both dialects), the wall clock following the records so every punctuation runs as
 * it would live, then enough quiet time for every chain and session to close.
 *
 * <p>To record again (only when an answer is meant to change, and say why in the commit):
 * {@code ./mvnw -pl streams-app -am test -Dtest=AnswersUnchangedTest -Dexectrace.answers.record=true}.
 */
class AnswersUnchangedTest {

    private static final String RECORDING = "answers-unchanged/synthetic-seed-20261203.txt.gz";
    private static final Instant START = Instant.parse("2025-12-20T08:00:00Z");
    private static final SynthSettings SETTINGS = SynthSettings.defaults(20_261_203L,
                    START.getEpochSecond() * 1_000_000L)
            .withSessions(8)
            .withEventsPerSecond(5)
            .withMaxLines(3_000);
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyRecordAndEveryStoreIsWhatTheCodeBeforeWrote() throws IOException {
        final List<String> written = run();
        if (Boolean.getBoolean("exectrace.answers.record")) {
            record(written);
            return;
        }
        final List<String> recorded = recorded();
        // Nothing left out: with reconciliation off (the default) the topology is the one recorded, topic for topic.
        for (int i = 0; i < Math.min(written.size(), recorded.size()); i++) {
            assertThat(written.get(i)).as("line %d of the recording", i + 1).isEqualTo(recorded.get(i));
        }
        assertThat(written).hasSameSizeAs(recorded);
        assertThat(written).anyMatch(line -> line.startsWith("# exectrace-test-health-5m-changelog"));
    }

    private static List<String> run() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(), 1, START)) {
            final SyntheticSessions generator = new SyntheticSessions(SETTINGS);
            long wallMicros = START.getEpochSecond() * 1_000_000L;
            while (generator.hasNext()) {
                final SyntheticRecord record = generator.next();
                if (record.arrivalMicros() > wallMicros) {
                    harness.driver.advanceWallClockTime(Duration.ofNanos((record.arrivalMicros() - wallMicros) * 1_000L));
                    wallMicros = record.arrivalMicros();
                }
                harness.sendBytes(record.key(), record.value(), Instant.ofEpochSecond(0, wallMicros * 1_000L));
            }
            // Quiet time: every open chain times out and every session goes idle, in the punctuations' own steps.
            for (int second = 0; second < 15 * 60; second++) {
                harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
            return dump(harness);
        }
    }

    /** Output topics record by record in order; changelogs as their final content (last value per key). */
    private static List<String> dump(final TopologyHarness harness) {
        final List<String> lines = new ArrayList<>();
        for (final String topic : new TreeSet<>(harness.driver.producedTopicNames())) {
            final TestOutputTopic<byte[], byte[]> output = harness.driver.createOutputTopic(topic,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final List<TestRecord<byte[], byte[]>> records = output.readRecordsToList();
            if (topic.endsWith("-changelog")) {
                final Map<String, String> last = new TreeMap<>();
                for (final TestRecord<byte[], byte[]> r : records) {
                    last.put(hex(r.key()), hex(r.value()));
                }
                last.values().removeIf("-"::equals);
                lines.add("# " + topic + " (" + last.size() + " keys)");
                last.forEach((key, value) -> lines.add(key + " " + value));
            } else {
                lines.add("# " + topic + " (" + records.size() + " records)");
                for (final TestRecord<byte[], byte[]> r : records) {
                    lines.add(hex(r.key()) + " " + hex(r.value()) + " " + r.timestamp() + headers(r.headers()));
                }
            }
        }
        return lines;
    }

    private static String headers(final org.apache.kafka.common.header.Headers headers) {
        final StringBuilder text = new StringBuilder();
        for (final Header header : headers == null ? new RecordHeaders() : headers) {
            text.append(' ').append(header.key()).append('=').append(hex(header.value()));
        }
        return text.toString();
    }

    private static String hex(final byte[] bytes) {
        return bytes == null ? "-" : HEX.formatHex(bytes);
    }

    private static List<String> recorded() throws IOException {
        try (InputStream in = AnswersUnchangedTest.class.getClassLoader().getResourceAsStream(RECORDING)) {
            assertThat(in).as("the recording " + RECORDING).isNotNull();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                    StandardCharsets.UTF_8))) {
                return reader.lines().toList();
            }
        }
    }

    private static void record(final List<String> lines) throws IOException {
        final Path file = Path.of("src/test/resources").resolve(RECORDING);
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (final String line : lines) {
                writer.write(line);
                writer.write('\n');
            }
        }
    }
}
