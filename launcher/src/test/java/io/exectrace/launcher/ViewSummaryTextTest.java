package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.GoldenFixtures;
import org.junit.jupiter.api.Test;

/** The human {@code --summary}: the numbers an operator looks for, in the words of the seed's runbook. */
class ViewSummaryTextTest {

    @Test
    void badLinesShowTheErrorRateAndWhereTheInvalidLinesAre() {
        final String file = GoldenFixtures.named("golden_session_bad_lines.jsonl").file().toString();
        final CliRun run = CliRun.of("view", "--path", file, "--summary");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("session golden_session_bad_lines  (mode paper)")
                .contains("2025-12-20T12:00:00.000Z -> 2025-12-20T12:00:00.900Z")
                .contains("8 (5 events, 0 duplicates, 3 invalid: error rate 37.50 %)")
                .contains(file + ":2 INVALID_JSON", file + ":6 INVALID_JSON", file + ":7 MISSING_TS")
                .contains("filled 1  missing_fill 1")
                .doesNotContain("\u001b[");
        assertThat(run.out().lines().filter(l -> l.strip().startsWith("missing fills")))
                .containsExactly("  missing fills  1");
    }

    @Test
    void latencyTableHasOneRowPerEdgeWithExactMinAndMax() {
        final CliRun run = CliRun.of("view", "--path",
                GoldenFixtures.named("golden_session_latency.jsonl").file().toString(), "--summary");
        // README: intent_to_fill of 50, 100, 120 and 3000 ms; min and max are exact, the quantiles within 1 %.
        assertThat(run.out().lines().filter(l -> l.contains("intent_to_fill")).findFirst().orElseThrow())
                .matches("\\s+intent_to_fill\\s+4\\s+50\\.0(\\s+\\S+){4}\\s+3000\\.0");
    }

    @Test
    void pnlTableShowsRealizedGrossAndNetPositionAndAverageCostPerSymbol() {
        final CliRun run = CliRun.of("view", "--path",
                GoldenFixtures.named("emitter_style.jsonl").file().toString(), "--summary");
        // fixtures/README.md, FIFO PnL: BTC-USD 22.5 realized, 97.28 fees, flat; ETH-USD short 1.0 @ 3399; at the end
        // of a file every fill has entered the FIFO (none pending), none left out.
        assertThat(run.out()).contains("pnl (FIFO)");
        assertThat(run.out().lines().map(String::strip)
                .filter(l -> l.startsWith("BTC-USD") || l.startsWith("ETH-USD"))
                .map(l -> String.join(" ", l.split("\\s+"))))
                .contains("BTC-USD 22.50 97.28 -74.78 0 - 0 0", "ETH-USD -2.50 10.20 -12.70 -1 3399.00 0 0");
    }

    @Test
    void noMatchingSessionSaysSo() {
        final CliRun run = CliRun.of("view", "--path", GoldenFixtures.folder().toString(), "--summary",
                "--session", "nobody");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("no session matches");
    }
}
