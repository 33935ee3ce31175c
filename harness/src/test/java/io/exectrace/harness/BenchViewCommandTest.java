package io.exectrace.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench view} end to end on small logs: it writes them with the real launcher, runs the real viewer and a
 * stand-in seed viewer (a shell script counting lines) in pairs, with the floor when asked, and prints the tables; a
 * failing seed viewer fails the run.
 */
class BenchViewCommandTest {
    @TempDir
    Path tmp;

    @Test
    void generatesTheLogsAndPrintsPairsAndMedians() throws IOException {
        final Path seed = script("count.sh", "#!/bin/sh\nwc -l < \"$1\"\n");
        final HarnessRun run = HarnessRun.of("bench", "view", "--sessions", "3,20", "--events", "2000", "--runs", "2",
                "--seed-viewer", seed.toString(), "--floor", "--exectrace", "../exectrace", "--work-dir",
                tmp.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(
                "--seed 7 --rate max --events 2000 --ledger-share 0.0 --start 2025-12-20T10:00:00Z --sessions S",
                "| sessions | run | view --summary s | peak RSS MB | seed s | seed / view | floor s | seed / floor |",
                "| sessions | median view s | median seed s | median of ratios | median floor s | median seed / floor"
                        + " | max peak RSS MB |");
        assertThat(run.out().lines().filter(l -> l.matches("\\| (3|20) \\| [12] \\| .*"))).hasSize(4);
        // A given work directory keeps the logs, and a second run reuses them.
        assertThat(tmp.resolve("synth-seed7-s3-e2000-ledger0.0.jsonl")).isNotEmptyFile();
        final HarnessRun again = HarnessRun.of("bench", "view", "--sessions", "3", "--events", "2000", "--runs",
                "1", "--exectrace", "../exectrace", "--work-dir", tmp.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("reusing");
        assertThat(again.out()).contains("| sessions | median view s | max peak RSS MB |");
    }

    @Test
    void aFailingSeedViewerFailsTheRun() throws IOException {
        final Path seed = script("fail.sh", "#!/bin/sh\nexit 3\n");
        final HarnessRun run = HarnessRun.of("bench", "view", "--sessions", "2", "--events", "500", "--runs", "1",
                "--seed-viewer", seed.toString(), "--exectrace", "../exectrace", "--work-dir", tmp.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("the seed viewer exited with 3");
    }

    private Path script(final String name, final String text) throws IOException {
        final Path file = tmp.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
