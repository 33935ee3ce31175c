package io.exectrace.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.broker.EmbeddedKafkaExtension;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogFolderTailer} against the real embedded broker: what lands on the topic is what the files hold. */
class LogFolderTailerTest {
    private static final Path FIXTURES = Path.of("..", "fixtures");
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void sendsEveryLineInOrderPerSessionIncludingFilesAppearingLater() throws IOException {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        Files.copy(FIXTURES.resolve("golden_session_ok.jsonl"), logs.resolve("golden_session_ok.jsonl"));
        Files.copy(FIXTURES.resolve("golden_session_bad_lines.jsonl"), logs.resolve("golden_session_bad_lines.jsonl"));
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            tailer.pollOnce();
            Files.copy(FIXTURES.resolve("ledger_v1.jsonl"), logs.resolve("ledger_v1.jsonl"));
            Files.copy(FIXTURES.resolve("emitter_style.jsonl"), logs.resolve("emitter_style.jsonl"));
            tailer.pollOnce();
            assertThat(tailer.statistics().invalidLines()).isEqualTo(3);
        }
        final List<String> sessions = List.of("golden_session_ok", "golden_session_bad_lines", "ledger_v1", "emitter_style");
        int total = 0;
        for (final String session : sessions) {
            total += fileLines(FIXTURES.resolve(session + ".jsonl")).size();
        }
        final Map<String, List<String>> byKey = TopicRecords.byKey(TopicRecords.read(KAFKA.bootstrapServers(), topic, total));
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(sessions);
        for (final String session : sessions) {
            assertThat(byKey.get(session)).as(session).containsExactlyElementsOf(fileLines(FIXTURES.resolve(session + ".jsonl")));
        }
    }

    @Test
    void restartAcrossRotationsAndAPartialLineNeitherLosesNorRepeats() throws IOException {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final Path live = logs.resolve("s1.jsonl");
        final List<String> written = new ArrayList<>();
        append(live, written, 1, 5);
        appendRaw(live, "{\"ts\":\"2025-12-20T10:00:06.000Z\",\"run_id\":\"s1\",\"sta");   // half-written line 6

        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).isEqualTo(5);
            assertThat(tailer.pollOnce().records()).as("the half line waits").isZero();
        }
        // While the tailer is down: line 6 is completed, line 7 follows, then the logger rotates by renaming.
        appendRaw(live, "ge\":\"intent\",\"intent_id\":\"i-6\"}\n");
        written.add(line(6));
        append(live, written, 7, 7);
        Files.move(live, logs.resolve("s1.jsonl.1"));
        append(live, written, 8, 10);

        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.END)) {
            assertThat(tailer.pollOnce().records()).as("6, 7 from the rotated file; 8-10 from the new one").isEqualTo(5);
            // Rotation while running: lines appended, renamed and a new file started before the next scan.
            append(live, written, 11, 12);
            Files.move(logs.resolve("s1.jsonl.1"), logs.resolve("s1.jsonl.2"));
            Files.move(live, logs.resolve("s1.jsonl.1"));
            append(live, written, 13, 13);
            assertThat(tailer.pollOnce().records()).isEqualTo(3);
            // A rotated file removed right after its last lines were written is still read to its end.
            append(logs.resolve("s1.jsonl.1"), written, 14, 15);
            Files.delete(logs.resolve("s1.jsonl.1"));
            append(live, written, 16, 16);
            assertThat(tailer.pollOnce().records()).isEqualTo(3);
            assertThat(tailer.statistics().files()).isEqualTo(2);
        }
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).as("nothing new after a restart").isZero();
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, written.size()))
                .extracting(TopicRecords.Stored::value).containsExactlyElementsOf(written);
    }

    @Test
    void copyTruncateRotationSendsTheLinesOnlyOnce() throws IOException {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final Path live = logs.resolve("s1.jsonl");
        final List<String> written = new ArrayList<>();
        append(live, written, 1, 4);
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).isEqualTo(4);
            copyTruncate(live, logs.resolve("s1.jsonl.1"), written, 5, 6);
            append(live, written, 7, 8);
            assertThat(tailer.pollOnce().records()).isEqualTo(4);
            assertThat(tailer.statistics().rotations()).isPositive();
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, written.size()))
                .extracting(TopicRecords.Stored::value).containsExactlyElementsOf(written);
    }

    @Test
    void copyTruncateWhoseFileGrewBackPastTheOffsetBeforeTheNextScanLosesNothing() throws IOException {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final Path live = logs.resolve("s1.jsonl");
        final List<String> written = new ArrayList<>();
        append(live, written, 1, 4);
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).isEqualTo(4);
            copyTruncate(live, logs.resolve("s1.jsonl.1"), written, 5, 6);
            // Written again past the old offset before the tailer looks: the size alone does not show the truncation.
            append(live, written, 7, 12);
            assertThat(tailer.pollOnce().records()).as("5, 6 from the copy; 7-12 from the rewritten file").isEqualTo(8);
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, written.size()))
                .extracting(TopicRecords.Stored::value).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void copyTruncateWhileStoppedWhoseFileGrewBackPastTheCheckpointLosesNothing() throws IOException {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final Path live = logs.resolve("s1.jsonl");
        final List<String> written = new ArrayList<>();
        append(live, written, 1, 4);
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).isEqualTo(4);
        }
        copyTruncate(live, logs.resolve("s1.jsonl.1"), written, 5, 6);
        append(live, written, 7, 12);
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).as("5, 6 from the copy; 7-12 from the rewritten file").isEqualTo(8);
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, written.size()))
                .extracting(TopicRecords.Stored::value).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void aCopyListedWhileStillBeingWrittenRepeatsNothing() throws IOException {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final Path live = logs.resolve("s1.jsonl");
        final Path copy = logs.resolve("s1.jsonl.1");
        final List<String> written = new ArrayList<>();
        append(live, written, 1, 6);
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).isEqualTo(6);
            // copytruncate caught by a scan in the middle of its copy: lines 1-3 and half of 4 copied so far.
            final String content = Files.readString(live, UTF_8);
            final int cut = content.indexOf(line(4)) + 20;
            appendRaw(copy, content.substring(0, cut));
            assertThat(tailer.pollOnce().records()).as("the copy holds nothing new").isZero();
            appendRaw(copy, content.substring(cut));
            truncate(live);
            append(live, written, 7, 8);
            assertThat(tailer.pollOnce().records()).as("7, 8 from the truncated file; 4-6 were sent before")
                    .isEqualTo(2);
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, written.size()))
                .extracting(TopicRecords.Stored::value).containsExactlyElementsOf(written);
    }

    @Test
    void aCopyHalfWrittenWhenTheTailerRestartsRepeatsNothing() throws IOException {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final Path live = logs.resolve("s1.jsonl");
        final Path copy = logs.resolve("s1.jsonl.1");
        final List<String> written = new ArrayList<>();
        append(live, written, 1, 6);
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).isEqualTo(6);
        }
        final String content = Files.readString(live, UTF_8);
        final int cut = content.indexOf(line(3));
        appendRaw(copy, content.substring(0, cut));
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).as("the copy holds nothing new").isZero();
            appendRaw(copy, content.substring(cut));
            truncate(live);
            append(live, written, 7, 7);
            assertThat(tailer.pollOnce().records()).as("7 from the truncated file; 3-6 were sent before")
                    .isEqualTo(1);
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, written.size()))
                .extracting(TopicRecords.Stored::value).containsExactlyElementsOf(written);
    }

    private static void truncate(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }

    /** Appends lines {@code from}..{@code to}, then rotates as logrotate's copytruncate does. */
    private static void copyTruncate(final Path live, final Path copy, final List<String> written, final int from,
                                     final int to) throws IOException {
        append(live, written, from, to);
        Files.copy(live, copy);
        truncate(live);
    }

    @Test
    void fromEndSkipsHistoryOnTheFirstRunOnlyAndRunsOnItsOwnThread() throws Exception {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final Path old = logs.resolve("s1.jsonl");
        append(old, new ArrayList<>(), 1, 3);
        final List<String> expected = new ArrayList<>();
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.END)) {
            assertThat(tailer.pollOnce().records()).isZero();
        }
        // A file created while the tailer was down is new since the checkpoint: it is read from its start.
        final Path created = logs.resolve("s2.jsonl");
        Files.writeString(created, line(1).replace("\"s1\"", "\"s2\"") + "\n");
        expected.add(line(1).replace("\"s1\"", "\"s2\""));
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.END)) {
            tailer.start();
            append(old, expected, 4, 6);
            final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tailer.statistics().records() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(tailer.statistics().records()).isEqualTo(4);
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, expected.size()))
                .extracting(TopicRecords.Stored::value).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void linesWrittenWhileKafkaIsDownAreSentOnceWhenItIsBack() throws Exception {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final Path live = logs.resolve("s1.jsonl");
        final List<String> written = new ArrayList<>();
        append(live, written, 1, 3);
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).isEqualTo(3);
            KAFKA.stopBroker();
            append(live, written, 4, 6);
            final java.util.concurrent.CompletableFuture<TailPass> pass =
                    java.util.concurrent.CompletableFuture.supplyAsync(tailer::pollOnce);
            Thread.sleep(1_000);
            assertThat(pass).as("the scan waits for the acknowledgement").isNotDone();
            KAFKA.startBroker();
            assertThat(pass.get(60, java.util.concurrent.TimeUnit.SECONDS).records()).isEqualTo(3);
            assertThat(tailer.pollOnce().records()).isZero();
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, written.size()))
                .extracting(TopicRecords.Stored::value).containsExactlyElementsOf(written);
    }

    @Test
    void aMissingFolderIsAnInputProblem() {
        assertThatThrownBy(() -> tailer(dir.resolve("absent"), "t", StartPosition.BEGINNING))
                .isInstanceOf(InputProblem.class).hasMessage("no such folder: " + dir.resolve("absent"));
    }

    @Test
    void aRestartAfterACrashBetweenCommitAndCheckpointNeitherRepeatsNorLoses() throws Exception {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final List<String> written = fiveLinesSent(logs, topic);
        final Path checkpointFile = logs.resolve(TailSettings.DEFAULT_CHECKPOINT_NAME);
        // The checkpoint as a kill right after the commit leaves it: old offsets, the scan's offsets pending, and
        // the probe is a record of that committed scan.
        final List<TopicRecords.Located> stored = TopicRecords.located(KAFKA.bootstrapServers(), topic, 5);
        rewindWithPending(checkpointFile, logs, topic, stored.get(0).partition(), stored.get(0).offset());
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).as("the committed scan is not sent again").isZero();
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, 5)).extracting(TopicRecords.Stored::value)
                .containsExactlyElementsOf(written);
    }

    @Test
    void aRestartAfterACrashBeforeTheCommitSendsTheAbortedScanAgain() throws Exception {
        final String topic = topic();
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final List<String> written = fiveLinesSent(logs, topic);
        final Path checkpointFile = logs.resolve(TailSettings.DEFAULT_CHECKPOINT_NAME);
        // A scan whose transaction never committed: its record is in the log, aborted.
        final Properties props = ProducerSettings.build(KAFKA.bootstrapServers(), null,
                Map.of("transactional.id", "aborted-scan-" + topic));
        final org.apache.kafka.clients.producer.RecordMetadata aborted;
        try (org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            aborted = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "s1",
                    line(6).getBytes(UTF_8))).get();
            producer.abortTransaction();
        }
        // The checkpoint says "offset 0, the scan to the end pending" with the aborted record as its probe: the
        // restarted tailer must not trust the pending offsets and sends lines 1-5 again.
        rewindWithPending(checkpointFile, logs, topic, aborted.partition(), aborted.offset());
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).as("the aborted scan is sent again").isEqualTo(5);
        }
        // The first run's lines and the resent ones (this test fakes the crash after a real commit); the aborted
        // record is invisible.
        final List<String> twice = new ArrayList<>(written);
        twice.addAll(written);
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, 10)).extracting(TopicRecords.Stored::value)
                .containsExactlyElementsOf(twice);
    }

    /** Writes lines 1-5 into s1.jsonl and lets a tailer send them; returns them. */
    private static List<String> fiveLinesSent(final Path logs, final String topic) throws IOException {
        final List<String> written = new ArrayList<>();
        append(logs.resolve("s1.jsonl"), written, 1, 5);
        try (LogFolderTailer tailer = tailer(logs, topic, StartPosition.BEGINNING)) {
            assertThat(tailer.pollOnce().records()).isEqualTo(5);
        }
        return written;
    }

    /** Rewrites the checkpoint as it stands just before a commit: offsets 0, the current offsets pending. */
    private static void rewindWithPending(final Path checkpointFile, final Path logs, final String topic,
                                          final int partition, final long offset) throws IOException {
        try (TailCheckpoint checkpoint = TailCheckpoint.open(checkpointFile, logs)) {
            final List<TailCheckpoint.Entry> after = List.copyOf(checkpoint.loaded().values());
            assertThat(after).isNotEmpty().allSatisfy(e -> assertThat(e.offset()).isPositive());
            final List<TailCheckpoint.Entry> before = after.stream()
                    .map(e -> new TailCheckpoint.Entry(e.identity(), e.path(), 0, e.headLength(), e.headHash()))
                    .toList();
            checkpoint.write(before, new TailCheckpoint.Pending(topic, partition, offset, after));
        }
    }

    @Test
    void twoTailersCannotShareACheckpoint() throws IOException {
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        try (LogFolderTailer ignored = tailer(logs, "t", StartPosition.BEGINNING)) {
            assertThatThrownBy(() -> tailer(logs, "t", StartPosition.BEGINNING))
                    .isInstanceOf(InputProblem.class).hasMessageContaining("is in use by another tail");
        }
    }

    private static LogFolderTailer tailer(final Path logs, final String topic, final StartPosition start) {
        final Properties props = ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of());
        return new LogFolderTailer(TailSettings.of(logs, topic).withStartPosition(start), props);
    }

    private static String topic() {
        final String name = "tail-" + TOPICS.incrementAndGet();
        KAFKA.createTopic(name, 3);
        return name;
    }

    private static String line(final int n) {
        return String.format("{\"ts\":\"2025-12-20T10:00:%02d.000Z\",\"run_id\":\"s1\",\"stage\":\"intent\",\"intent_id\":\"i-%d\"}",
                n, n);
    }

    private static void append(final Path file, final List<String> written, final int from, final int to) throws IOException {
        final StringBuilder text = new StringBuilder();
        for (int n = from; n <= to; n++) {
            text.append(line(n)).append('\n');
            written.add(line(n));
        }
        appendRaw(file, text.toString());
    }

    private static void appendRaw(final Path file, final String text) throws IOException {
        Files.writeString(file, text, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> fileLines(final Path file) throws IOException {
        final List<String> lines = new ArrayList<>();
        for (final String line : Files.readString(file, UTF_8).split("\n", -1)) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
