package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor counts every line once, under the session id it names, however the log is cut between threads. */
class ViewFloorTest {
    @TempDir
    Path tmp;

    @Test
    void countsLinesPerSessionWhateverTheSlices() throws IOException, InterruptedException {
        final StringBuilder log = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            log.append("{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"s-").append(i % 3)
                    .append("\", \"kind\": \"intent\", \"payload\": {\"note\": \"session_id\"}}\n");
        }
        log.append("not json at all\n");
        log.append("\n");
        log.append("{\"kind\":\"fill\",\"session_id\":\"s-0\"}");
        final Path file = tmp.resolve("log.jsonl");
        Files.writeString(file, log, StandardCharsets.UTF_8);
        final Map<String, Long> expected = Map.of("s-0", 168L, "s-1", 167L, "s-2", 166L, ViewFloor.NO_SESSION, 2L);
        for (final int parts : new int[] {1, 2, 3, 7, 64}) {
            assertThat(ViewFloor.count(file, parts)).as("%d slices", parts).isEqualTo(expected);
        }
    }

    @Test
    void printsTheTotalThenEachSessionSorted() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ViewFloor.print(Map.of("s-b", 2L, "s-a", 3L), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("lines 5\ns-a 3\ns-b 2\n");
    }
}
