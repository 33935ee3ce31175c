package io.exectrace.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** How {@link LogFolderTailer} frames a file's bytes into records: the edge cases of its line framing. */
class LogFolderTailerLinesTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void keepsCarriageReturnsSkipsBlankAndOverlongLinesAndWaitsForAPartialLastLine() throws IOException {
        final String topic = "tail-lines";
        KAFKA.createTopic(topic, 1);
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        final Path live = logs.resolve("s1.jsonl");
        try (OutputStream out = Files.newOutputStream(live)) {
            out.write((line(1) + "\r\n\n  \t\r\n").getBytes(UTF_8));
            out.write(repeat('x', 1_500_000));   // longer than the 1 MB read buffer and than max.request.size
            out.write(('\n' + line(2) + '\n').getBytes(UTF_8));
            out.write(repeat('y', 17 << 20));    // longer than the 16 MB the buffer may grow to
            out.write(('\n' + line(3) + '\n' + line(4)).getBytes(UTF_8));
        }
        final Properties props = ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of());
        try (LogFolderTailer tailer = new LogFolderTailer(TailSettings.of(logs, topic), props)) {
            assertThat(drain(tailer)).as("lines 1-3; line 4 has no end yet").isEqualTo(3);
            assertThat(tailer.statistics().skippedLines()).isEqualTo(2);
            Files.writeString(live, "\n", StandardOpenOption.APPEND);
            assertThat(drain(tailer)).isEqualTo(1);
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic, 4)).extracting(TopicRecords.Stored::value)
                .containsExactly(line(1) + "\r", line(2), line(3), line(4));
    }

    /** Scans until nothing is pending; returns the records sent. */
    private static long drain(final LogFolderTailer tailer) {
        long records = 0;
        TailPass pass;
        do {
            pass = tailer.pollOnce();
            records += pass.records();
        } while (pass.morePending());
        return records;
    }

    private static byte[] repeat(final char c, final int count) {
        final byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static String line(final int n) {
        return String.format("{\"ts\":\"2025-12-20T10:00:%02d.000Z\",\"run_id\":\"s1\",\"stage\":\"intent\",\"intent_id\":\"i-%d\"}",
                n, n);
    }
}
