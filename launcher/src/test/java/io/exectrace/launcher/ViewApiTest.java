package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code view --api URL} against a stand-in API serving the fixtures ({@link ReferenceApi}): the same options give
 * the same output as {@code view --path} over the same files.
 */
class ViewApiTest {
    private static ReferenceApi api;

    @BeforeAll
    static void start() throws IOException {
        api = new ReferenceApi(GoldenFixtures.all());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static List<GoldenFixture> fixtures() {
        return GoldenFixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void summaryFromTheApiEqualsSummaryFromTheFile(final GoldenFixture fixture) {
        final CliRun file = CliRun.of("view", "--path", fixture.file().toString(), "--summary", "--json");
        final CliRun remote = CliRun.of("view", "--api", api.url(), "--session", fixture.stem(), "--summary",
                "--json");
        assertThat(remote.exitCode()).as(remote.err()).isZero();
        final ObjectNode fromFile = (ObjectNode) file.json().get(0);
        fromFile.remove("invalid_lines"); // the file viewer's extra: where the invalid lines are
        assertThat(remote.json()).containsExactly(fromFile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void chainsFromTheApiEqualChainsFromTheFile(final GoldenFixture fixture) {
        final List<JsonNode> file = sorted(CliRun.of("view", "--path", fixture.file().toString(), "--chains",
                "--json").json());
        final CliRun remote = CliRun.of("view", "--api", api.url(), "--session", fixture.stem(), "--chains",
                "--json");
        assertThat(remote.exitCode()).as(remote.err()).isZero();
        assertThat(sorted(remote.json())).isEqualTo(file).isNotEmpty();
    }

    @Test
    void timelineWithFiltersIsTheSameEitherWay() {
        final String ok = GoldenFixtures.named("golden_session_ok.jsonl").file().toString();
        final String emitter = GoldenFixtures.named("emitter_style.jsonl").file().toString();
        // Files in time order print the same as the API's event-time order; pages of 3 force cursor paging.
        assertSame(ok, "golden_session_ok");
        assertSame(emitter, "emitter_style", "--type", "fill");
        assertSame(emitter, "emitter_style", "--type", "gate");
        assertSame(emitter, "emitter_style", "--symbol", "ETH-USD", "--json");
        assertSame(emitter, "emitter_style", "--from", "2025-12-20T09:30:00.500Z", "--to",
                "2025-12-20T09:30:01.500Z", "--csv");
        assertSame(emitter, "emitter_style", "--limit", "4", "--json");
        assertSame(emitter, "emitter_style", "--last", "5", "--json");
    }

    @Test
    void withoutSessionEverySessionIsListed() {
        final CliRun run = CliRun.of("view", "--api", api.url(), "--summary", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json()).extracting(s -> s.path("session_id").asText())
                .containsExactlyElementsOf(fixtures().stream().map(GoldenFixture::stem).sorted().toList());
        final CliRun timeline = CliRun.of("view", "--api", api.url(), "--type", "risk_block", "--json");
        assertThat(timeline.json()).extracting(e -> e.path("session_id").asText())
                .containsExactlyInAnyOrder("emitter_style", "execution_event_v1", "ledger_v1");
    }

    @Test
    void checkAgainstTheApiFindsTheSameSessions() {
        final CliRun ok = CliRun.of("view", "--api", api.url(), "--session", "golden_session_ok", "--check");
        assertThat(ok.exitCode()).as(ok.out()).isZero();
        final CliRun all = CliRun.of("view", "--api", api.url(), "--check");
        assertThat(all.exitCode()).isEqualTo(1);
        assertThat(all.lines()).containsExactly(
                "session execution_event_v1: parse_error_rate: 3 of 30 records invalid (10.00 %), allowed 0.00 %",
                "session golden_session_bad_lines: parse_error_rate: 3 of 8 records invalid (37.50 %), allowed 0.00 %",
                "session ledger_v1: backward_jump: 1 event(s) more than 1 s earlier than the previous event");
    }

    @Test
    void anUnknownSessionIsBadInputExit2() {
        final CliRun run = CliRun.of("view", "--api", api.url(), "--session", "nobody", "--summary");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("exectrace view: not found at " + api.url()
                + "/api/sessions/nobody: not_found no session nobody");
    }

    @Test
    void aQueryTheApiRejectsIsExit2WithItsExplanation() {
        final CliRun run = CliRun.of("view", "--api", api.url(), "--session", "ledger_v1", "--symbol", "BAD!");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("exectrace view: the API rejected the query: bad_request symbol "
                + "must be a symbol");
        assertThat(run.out()).isEmpty();
    }

    private static void assertSame(final String file, final String session, final String... options) {
        final List<String> fileArgs = new ArrayList<>(List.of("view", "--path", file));
        final List<String> apiArgs = new ArrayList<>(List.of("view", "--api", api.url(), "--session", session));
        fileArgs.addAll(List.of(options));
        apiArgs.addAll(List.of(options));
        final CliRun fromFile = CliRun.of(fileArgs.toArray(String[]::new));
        final CliRun fromApi = CliRun.of(apiArgs.toArray(String[]::new));
        assertThat(fromApi.exitCode()).as(fromApi.err()).isZero();
        assertThat(fromApi.out()).as(String.join(" ", options)).isEqualTo(fromFile.out());
        assertThat(fromApi.lines()).hasSizeGreaterThan(1);
    }

    private static List<JsonNode> sorted(final List<JsonNode> chains) {
        return chains.stream().sorted(Comparator.comparing(c -> c.path("chain_id").asText())).toList();
    }
}
