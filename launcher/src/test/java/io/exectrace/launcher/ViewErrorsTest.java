package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.GoldenFixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and an unreachable API: one clear line on stderr, nothing on stdout, a distinct exit code. */
class ViewErrorsTest {
    private static final String OK = GoldenFixtures.named("golden_session_ok.jsonl").file().toString();

    @TempDir
    Path tmp;

    @Test
    void aMissingPathIsExit2() {
        assertOneLine(CliRun.of("view", "--path", "no/such/logs"), 2,
                "exectrace view: no such file or folder: no/such/logs");
    }

    @Test
    void aFolderWithoutLogsIsExit2() {
        assertOneLine(CliRun.of("view", "--path", tmp.toString()), 2,
                "exectrace view: no *.jsonl or *.jsonl.gz files in " + tmp);
    }

    @Test
    void anUnreadableGzipFileIsExit2() throws IOException {
        final Path broken = tmp.resolve("broken.jsonl.gz");
        Files.write(broken, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        final CliRun run = CliRun.of("view", "--path", broken.toString(), "--summary");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("exectrace view: cannot read " + broken + ": ").doesNotContain("\n");
    }

    @Test
    void aBadTimeIsExit2() {
        assertOneLine(CliRun.of("view", "--path", OK, "--from", "yesterday"), 2,
                "exectrace view: bad time for --from: 'yesterday' (expected ISO-8601 such as 2025-12-20T10:15:00Z)");
        assertOneLine(CliRun.of("view", "--path", OK, "--from", "2025-12-20T11:00:00Z", "--to", "2025-12-20"), 2,
                "exectrace view: --from 2025-12-20T11:00:00Z is after --to 2025-12-20");
    }

    @Test
    void anUnknownTypeOrOutcomeIsExit2() {
        final CliRun type = CliRun.of("view", "--path", OK, "--type", "trade");
        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.err().strip()).startsWith("exectrace view: unknown --type 'trade'");
        final CliRun outcome = CliRun.of("view", "--path", OK, "--chains", "--outcome", "lost");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err().strip()).startsWith("exectrace view: unknown --outcome 'lost'");
    }

    @Test
    void aSummaryCannotBeCutByStage() {
        final CliRun run = CliRun.of("view", "--path", OK, "--summary", "--type", "fill");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("exectrace view: --type cannot be combined with --summary");
    }

    @Test
    void filtersAModeWouldIgnoreAreRefused() {
        final String folder = GoldenFixtures.folder().toString();
        assertOneLine(CliRun.of("view", "--path", folder, "--check", "--symbol", "BTC-USD"), 2,
                "exectrace view: --check runs the gates over whole sessions: narrow it with --session only");
        assertOneLine(CliRun.of("view", "--path", folder, "--chains", "--type", "fill"), 2,
                "exectrace view: --type filters the timeline; chains are filtered with --outcome");
        assertOneLine(CliRun.of("view", "--path", folder, "--outcome", "filled"), 2,
                "exectrace view: --outcome applies to --chains");
    }

    @Test
    void anUnreachableApiIsExit3() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final CliRun run = CliRun.of("view", "--api", "http://127.0.0.1:" + closedPort, "--session", "s1");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("exectrace view: cannot reach the exectrace API at http://127.0.0.1:"
                + closedPort).doesNotContain("\n");
    }

    @Test
    void aBadApiUrlIsExit2() {
        assertOneLine(CliRun.of("view", "--api", "localhost:8080"), 2,
                "exectrace view: bad --api URL 'localhost:8080' (expected http://HOST:PORT)");
    }

    @Test
    void pathAndApiTogetherAreRefused() {
        final CliRun run = CliRun.of("view", "--path", OK, "--api", "http://127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive");
    }

    private static void assertOneLine(final CliRun run, final int exitCode, final String line) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err().strip()).isEqualTo(line);
        assertThat(run.out()).isEmpty();
    }
}
