package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code view --summary} over a log written by {@code produce synth} equals the generator's own totals (its
 * {@code --expected} file, computed by the generator from what it meant to write, not by the correlation): both
 * dialects, out-of-order and duplicated events, invalid lines, every outcome.
 */
class ViewSynthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Per-session fields the generator states, compared as they are. */
    private static final List<String> SAME = List.of("mode", "exchanges", "events", "duplicates", "by_stage",
            "symbols", "first_ts", "last_ts", "error_events", "risk_blocks", "data_quality", "chains_by_outcome");

    @TempDir
    Path tmp;

    @Test
    void summaryOfASyntheticLogEqualsTheGeneratorsTotals() throws IOException {
        final Path log = tmp.resolve("synth.jsonl");
        final Path expectedFile = tmp.resolve("synth.expected.json");
        final CliRun synth = CliRun.of("produce", "synth", "--rate", "max", "--events", "30000", "--sessions", "4",
                "--seed", "11", "--start", "2025-12-20T10:00:00Z", "--output", log.toString(),
                "--expected", expectedFile.toString());
        assertThat(synth.exitCode()).as(synth.err()).isZero();
        final JsonNode expected = JSON.readTree(expectedFile.toFile());
        assertThat(expected.path("complete").asBoolean()).isTrue();

        final CliRun run = CliRun.of("view", "--path", log.toString(), "--summary", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final Map<String, JsonNode> actual = new HashMap<>();
        run.json().forEach(s -> actual.put(s.path("session_id").asText(), s));

        long parseErrors = 0;
        for (final JsonNode s : run.json()) {
            parseErrors += s.path("parse_errors").asLong();
        }
        for (final JsonNode want : expected.path("sessions")) {
            final String id = want.path("session_id").asText();
            assertThat(actual).containsKey(id);
            for (final String field : SAME) {
                assertThat(actual.get(id).path(field)).as(id + " " + field).isEqualTo(want.path(field));
            }
        }
        // Invalid lines count where a session can be read from them, else for the file stem ("synth"), so only
        // their total is the generator's.
        final JsonNode totals = expected.path("totals");
        assertThat(parseErrors).isEqualTo(totals.path("invalid").asLong()).isPositive();
        assertThat(actual.keySet()).containsAll(List.of("synth"));
        long records = 0;
        for (final JsonNode s : run.json()) {
            records += s.path("records").asLong();
        }
        assertThat(records).isEqualTo(totals.path("lines").asLong()).isEqualTo(30_000);
    }
}
