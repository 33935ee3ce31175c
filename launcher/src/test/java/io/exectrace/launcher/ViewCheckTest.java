package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.events.fixtures.GoldenFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code view --check}: the seed's regression gates as a command, over the fixtures and one temp log per gate. */
class ViewCheckTest {

    @TempDir
    Path tmp;

    @Test
    void theCleanSessionPasses() {
        final CliRun run = check(fixture("golden_session_ok.jsonl"));
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("check passed: 1 session(s), 10 record(s)");
    }

    @Test
    void badLinesFailWithTheirThreeInvalidLines() {
        final String file = fixture("golden_session_bad_lines.jsonl");
        final CliRun run = check(file);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).containsExactly(
                "session golden_session_bad_lines: parse_error_rate: 3 of 8 records invalid (37.50 %), allowed 0.00 %",
                file + ":2: invalid_line: INVALID_JSON: not a JSON object: starts with byte 0x57",
                file + ":6: invalid_line: INVALID_JSON: truncated: the object does not end with '}'",
                file + ":7: invalid_line: MISSING_TS: no ts");
        assertThat(run.err()).contains("check failed: 4 finding(s)");
    }

    @Test
    void aThresholdAboveTheRateLetsBadLinesPass() {
        final CliRun run = CliRun.of("view", "--path", fixture("golden_session_bad_lines.jsonl"), "--check",
                "--max-invalid-rate", "0.4");
        assertThat(run.exitCode()).as(run.out()).isZero();
        final CliRun stricter = CliRun.of("view", "--path", fixture("golden_session_bad_lines.jsonl"), "--check",
                "--max-invalid-rate", "0.3");
        assertThat(stricter.exitCode()).isEqualTo(1);
    }

    @Test
    void ledgerFailsOnItsBackwardJumpAtLine27() {
        final String file = fixture("ledger_v1.jsonl");
        final CliRun run = check(file);
        assertThat(run.exitCode()).isEqualTo(1);
        // The late cancel, 1.65 s behind the event before it (fixtures/README.md).
        assertThat(run.lines()).containsExactly(file + ":27: backward_jump: ts 2025-12-20T14:00:03.000Z is 1.650 s "
                + "before the previous event's");
    }

    @Test
    void aGapOverOneHourIsAFinding() throws IOException {
        final Path log = write("gap.jsonl",
                intent("gap", "2025-12-20T10:00:00Z", "i1"),
                intent("gap", "2025-12-20T11:00:00Z", "i2"),
                intent("gap", "2025-12-20T12:00:00.001Z", "i3"));
        final CliRun run = check(log.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        // Exactly one hour is not over one hour; one hour and a millisecond is.
        assertThat(run.lines()).containsExactly(log + ":3: gap_over_1h: 1 h 00 min after the previous event "
                + "(2025-12-20T11:00:00.000Z)");
    }

    @Test
    void aBackwardJumpOfOneSecondOrLessPasses() throws IOException {
        final Path log = write("jitter.jsonl",
                intent("jitter", "2025-12-20T10:00:02Z", "i1"),
                intent("jitter", "2025-12-20T10:00:01Z", "i2"),
                intent("jitter", "2025-12-20T10:00:00.999Z", "i3"));
        assertThat(check(log.toString()).exitCode()).isZero();
    }

    @Test
    void aFillTimedBeforeItsOrderIsANegativeLatency() throws IOException {
        final Path log = write("clock.jsonl",
                intent("clock", "2025-12-20T10:00:00.000Z", "i1"),
                "{\"ts\": \"2025-12-20T10:00:00.500Z\", \"session_id\": \"clock\", \"symbol\": \"BTC-USD\", "
                        + "\"kind\": \"order\", \"payload\": {\"order_id\": \"o1\", \"intent_id\": \"i1\", "
                        + "\"side\": \"BUY\", \"quantity\": 1}}",
                "{\"ts\": \"2025-12-20T10:00:00.200Z\", \"session_id\": \"clock\", \"symbol\": \"BTC-USD\", "
                        + "\"kind\": \"fill\", \"payload\": {\"order_id\": \"o1\", \"filled_quantity\": 1, "
                        + "\"fill_price\": 100}}");
        final CliRun run = check(log.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(1);
        assertThat(run.lines().get(0)).startsWith("session clock: negative_latency: 1 latency edge(s) negative");
    }

    @Test
    void theWholeFixtureFolderFailsWithExactlyTheKnownFindingsAsJson() {
        final CliRun run = CliRun.of("view", "--path", GoldenFixtures.folder().toString(), "--check", "--json");
        assertThat(run.exitCode()).isEqualTo(1);
        final List<JsonNode> findings = run.json();
        assertThat(findings).extracting(f -> f.path("session_id").asText() + " " + f.path("gate").asText())
                .containsExactlyInAnyOrder("ledger_v1 backward_jump",
                        "golden_session_bad_lines parse_error_rate",
                        "golden_session_bad_lines invalid_line", "golden_session_bad_lines invalid_line",
                        "golden_session_bad_lines invalid_line",
                        "execution_event_v1 parse_error_rate", "execution_event_v1 invalid_line",
                        "execution_event_v1 invalid_line", "execution_event_v1 invalid_line");
    }

    @Test
    void checkNarrowedToOneSession() {
        final CliRun run = CliRun.of("view", "--path", GoldenFixtures.folder().toString(), "--check",
                "--session", "emitter_style");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.err()).contains("1 session(s), 18 record(s)");
    }

    @Test
    void aBadThresholdIsBadInput() {
        final CliRun run = CliRun.of("view", "--path", fixture("golden_session_ok.jsonl"), "--check",
                "--max-invalid-rate", "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("exectrace view: --max-invalid-rate must be between 0 and 1, got 5.0");
    }

    private static CliRun check(final String path) {
        return CliRun.of("view", "--path", path, "--check");
    }

    private static String fixture(final String name) {
        return GoldenFixtures.named(name).file().toString();
    }

    private Path write(final String name, final String... lines) throws IOException {
        final Path file = tmp.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String intent(final String session, final String ts, final String id) {
        return "{\"ts\": \"" + ts + "\", \"session_id\": \"" + session + "\", \"symbol\": \"BTC-USD\", "
                + "\"kind\": \"intent\", \"payload\": {\"intent_id\": \"" + id + "\", \"side\": \"BUY\", "
                + "\"quantity\": 1}}";
    }
}
