package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.events.fixtures.GoldenFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code view} without a mode: the event timeline from files, folders, gzip and stdin, every filter, and the
 * table / JSON / CSV forms. Expectations come from reading the fixture lines independently with Jackson.
 */
class ViewTimelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OK = GoldenFixtures.named("golden_session_ok.jsonl").file();
    private static final Path EMITTER = GoldenFixtures.named("emitter_style.jsonl").file();
    private static final Path LEDGER = GoldenFixtures.named("ledger_v1.jsonl").file();

    @TempDir
    Path tmp;

    @Test
    void aFileGivesOneJsonObjectPerEventInFileOrder() throws IOException {
        final CliRun run = CliRun.of("view", "--path", OK.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<JsonNode> raw = rawLines(OK);
        final List<JsonNode> events = run.json();
        assertThat(events).hasSameSizeAs(raw);
        for (int i = 0; i < raw.size(); i++) {
            assertThat(Instant.parse(events.get(i).path("ts").asText()))
                    .isEqualTo(Instant.parse(raw.get(i).path("ts").asText()));
            assertThat(events.get(i).path("symbol").asText()).isEqualTo(raw.get(i).path("symbol").asText());
            assertThat(events.get(i).path("session_id").asText()).isEqualTo("golden_session_ok");
        }
        assertThat(events).extracting(e -> e.path("stage").asText())
                .containsExactlyElementsOf(raw.stream().map(r -> seedKindAsStage(r.path("kind").asText())).toList());
    }

    @Test
    void aFolderReadsEveryJsonlAndGzipFileAndSkipsOthers() throws IOException {
        Files.copy(OK, tmp.resolve("a.jsonl"));
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(tmp.resolve("b.jsonl.gz")))) {
            Files.copy(EMITTER, gz);
        }
        Files.writeString(tmp.resolve("notes.txt"), "not a log\n");
        final CliRun run = CliRun.of("view", "--path", tmp.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json()).hasSize(rawLines(OK).size() + rawLines(EMITTER).size());
        assertThat(run.json().stream().map(e -> e.path("session_id").asText()).distinct())
                .containsExactly("golden_session_ok", "emitter_style");
    }

    @Test
    void standardInputIsReadWithDash() throws IOException {
        final CliRun run = CliRun.withStdin(Files.readAllBytes(EMITTER), "view", "--path", "-", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json()).hasSize(rawLines(EMITTER).size());
    }

    @Test
    void gzipOnStandardInputIsRecognisedByItsBytes() throws IOException {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            Files.copy(OK, gz);
        }
        final CliRun run = CliRun.withStdin(bytes.toByteArray(), "view", "--path", "-", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json()).hasSize(rawLines(OK).size());
    }

    @Test
    void typeFiltersByStageAndAcceptsTheSeedsKindNames() throws IOException {
        assertThat(stages(EMITTER, "--type", "fill")).hasSize(count(EMITTER, r -> kind(r, "fill"))).containsOnly("fill");
        assertThat(stages(EMITTER, "--type", "order")).hasSize(count(EMITTER, r -> kind(r, "order")))
                .containsOnly("submit");
        assertThat(stages(EMITTER, "--type", "submit")).isEqualTo(stages(EMITTER, "--type", "order"));
        // A seed "gate" is a pass or a block: 3 passed, 1 blocked in emitter_style.
        assertThat(stages(EMITTER, "--type", "gate")).hasSize(count(EMITTER, r -> kind(r, "gate")))
                .containsOnly("gate_pass", "risk_block");
        assertThat(stages(EMITTER, "--type", "risk_block")).hasSize(count(EMITTER, r -> kind(r, "gate")
                && !r.path("payload").path("passed").asBoolean(true))).containsOnly("risk_block");
        assertThat(stages(EMITTER, "--type", "intent,error")).hasSize(count(EMITTER, r -> kind(r, "intent")
                || kind(r, "error"))).containsOnly("intent", "error");
        assertThat(stages(LEDGER, "--type", "ack")).hasSize(count(LEDGER, r -> "ack".equals(r.path("stage")
                .asText()))).containsOnly("ack");
    }

    @Test
    void symbolSessionAndTimeFilters() throws IOException {
        final CliRun bySymbol = CliRun.of("view", "--path", EMITTER.toString(), "--symbol", "ETH-USD", "--json");
        assertThat(bySymbol.json()).hasSize(count(EMITTER, r -> "ETH-USD".equals(r.path("symbol").asText())))
                .allMatch(e -> e.path("symbol").asText().equals("ETH-USD"));

        final String folder = GoldenFixtures.folder().toString();
        final CliRun bySession = CliRun.of("view", "--path", folder, "--session", "ledger_v1", "--json");
        // ledger_v1 line 10 repeats line 6 byte for byte: shown once, as the pipeline counts it.
        assertThat(bySession.json()).hasSize(rawLines(LEDGER).size() - 1)
                .allMatch(e -> e.path("session_id").asText().equals("ledger_v1"));

        final Instant from = Instant.parse("2025-12-20T10:00:01.000Z");
        final Instant to = Instant.parse("2025-12-20T10:00:02.050Z");
        final CliRun byTime = CliRun.of("view", "--path", OK.toString(), "--from", "2025-12-20T10:00:01Z",
                "--to", "2025-12-20T11:00:02.050+01:00", "--json");
        assertThat(byTime.exitCode()).as(byTime.err()).isZero();
        assertThat(byTime.json()).hasSize(count(OK, r -> {
            final Instant ts = Instant.parse(r.path("ts").asText());
            return !ts.isBefore(from) && !ts.isAfter(to);
        })).isNotEmpty();
        // Without a zone, a time is UTC (the seed's runbook writes times that way).
        assertThat(CliRun.of("view", "--path", OK.toString(), "--from", "2025-12-20T10:00:01", "--to",
                "2025-12-20T10:00:02.050", "--json").json()).hasSameSizeAs(byTime.json());
    }

    @Test
    void limitTakesTheFirstAndLastTheLastRows() throws IOException {
        final List<JsonNode> all = CliRun.of("view", "--path", EMITTER.toString(), "--type", "fill", "--json").json();
        assertThat(all).hasSize(4);
        final List<JsonNode> first = CliRun.of("view", "--path", EMITTER.toString(), "--type", "fill", "--limit",
                "2", "--json").json();
        assertThat(first).containsExactlyElementsOf(all.subList(0, 2));
        final List<JsonNode> last = CliRun.of("view", "--path", EMITTER.toString(), "--type", "fill", "--last", "3",
                "--json").json();
        assertThat(last).containsExactlyElementsOf(all.subList(1, 4));
    }

    @Test
    void tableIsAlignedWithoutColoursWhenNotATerminal() throws IOException {
        final CliRun run = CliRun.of("view", "--path", OK.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<String> lines = run.lines();
        assertThat(lines).hasSize(1 + rawLines(OK).size());
        assertThat(lines.get(0)).startsWith("ts").contains("stage", "symbol", "session_id", "description");
        final int stageColumn = lines.get(0).indexOf("stage");
        final int descriptionColumn = lines.get(0).indexOf("description");
        for (final String line : lines.subList(1, lines.size())) {
            assertThat(line.charAt(stageColumn - 1)).as(line).isEqualTo(' ');
            assertThat(line.charAt(stageColumn)).as(line).isNotEqualTo(' ');
            assertThat(line.charAt(descriptionColumn - 1)).as(line).isEqualTo(' ');
            assertThat(line.charAt(descriptionColumn)).as(line).isNotEqualTo(' ');
        }
        assertThat(run.out()).doesNotContain("\u001b[");
        assertThat(lines.get(4)).contains("fill", "BTC-USD", "0.5 @ 97262.5");
    }

    @Test
    void csvHasTheApiColumnsParsesBackAndEscapesFormulas() throws IOException {
        final Path log = tmp.resolve("inject.jsonl");
        Files.writeString(log, String.join("\n",
                "{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"inject\", \"symbol\": \"=HYPERLINK(1)\","
                        + " \"kind\": \"error\", \"payload\": {\"error\": \"broker said \\\"no\\\", retry\"}}",
                "{\"ts\": \"2025-12-20T10:00:01Z\", \"session_id\": \"inject\", \"symbol\": \"@SUM\","
                        + " \"kind\": \"intent\", \"payload\": {\"side\": \"BUY\", \"quantity\": 1}}") + "\n");
        final CliRun run = CliRun.of("view", "--path", log.toString(), "--csv");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\r\n");
        final List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(run.out())).getRecords();
        assertThat(records.get(0).getParser().getHeaderNames())
                .containsExactly("ts", "kind", "symbol", "session_id", "description", "details");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("kind")).isEqualTo("error");
        assertThat(records.get(0).get("symbol")).isEqualTo("'=HYPERLINK(1)");
        assertThat(records.get(0).get("description")).isEqualTo("Error: broker said \"no\", retry");
        assertThat(records.get(1).get("symbol")).isEqualTo("'@SUM");
        assertThat(JSON.readTree(records.get(1).get("details")).path("side").asText()).isEqualTo("BUY");
        assertThat(records.get(1).get("ts")).isEqualTo("2025-12-20T10:00:01.000Z");
    }

    @Test
    void csvOfAFixtureHasOneRowPerEvent() throws IOException {
        final CliRun run = CliRun.of("view", "--path", OK.toString(), "--csv");
        final List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(run.out())).getRecords();
        assertThat(records).hasSize(rawLines(OK).size());
        assertThat(records).extracting(r -> r.get("session_id")).containsOnly("golden_session_ok");
    }

    @Test
    void invalidLinesAreSkippedWithANoteOnStandardError() {
        final CliRun run = CliRun.of("view", "--path", GoldenFixtures.named("golden_session_bad_lines.jsonl")
                .file().toString(), "--json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.json()).hasSize(5);
        assertThat(run.err()).contains("3 invalid line(s) skipped");
    }

    @Test
    void chainsCanBeFilteredByOutcome() {
        final CliRun run = CliRun.of("view", "--path", GoldenFixtures.folder().toString(), "--chains",
                "--outcome", "missing_fill", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // One per fixture README: bad_lines' ETH order (its fill was cut) and ledger_v1's order never filled.
        assertThat(run.json()).extracting(c -> c.path("session_id").asText())
                .containsExactlyInAnyOrder("golden_session_bad_lines", "ledger_v1");
        assertThat(run.json()).allMatch(c -> c.path("outcome").asText().equals("missing_fill"));
    }

    private static List<String> stages(final Path file, final String... filter) {
        final List<String> args = new ArrayList<>(List.of("view", "--path", file.toString(), "--json"));
        args.addAll(List.of(filter));
        final CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.json().stream().map(e -> e.path("stage").asText()).toList();
    }

    private static boolean kind(final JsonNode raw, final String kind) {
        return kind.equals(raw.path("kind").asText());
    }

    private static String seedKindAsStage(final String kind) {
        return switch (kind) {
            case "order" -> "submit";
            case "gate" -> "gate_pass";
            default -> kind;
        };
    }

    private static int count(final Path file, final Predicate<JsonNode> p) throws IOException {
        return (int) rawLines(file).stream().filter(p).count();
    }

    static List<JsonNode> rawLines(final Path file) throws IOException {
        final List<JsonNode> nodes = new ArrayList<>();
        for (final String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }
}
