package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.ExpectedPercentiles;
import io.exectrace.events.fixtures.ExpectedPnl;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code view --summary --json} and {@code view --chains --json} over every golden fixture equal the fixture's
 * hand-written expected file: counts, symbols, first/last ts, parse errors with line numbers, outcomes, each
 * chain's latencies to the microsecond, and the latency percentiles (within 1 %) where the file gives them.
 */
class ViewSummaryFixturesTest {
    private static final double EXACT = 1e-6;

    static List<GoldenFixture> fixtures() {
        return GoldenFixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void summaryAndChainsOfEachFixtureEqualItsExpectedFile(final GoldenFixture fixture) {
        final String path = fixture.file().toString();
        final CliRun summary = CliRun.of("view", "--path", path, "--summary", "--json");
        assertThat(summary.exitCode()).as(summary.err()).isZero();
        final List<JsonNode> sessions = summary.json();
        final Expected.File expected = fixture.expected();
        assertThat(sessions).hasSameSizeAs(expected.sessions());

        // File-level numbers: every fixture is one session, so they are that session's records.
        final JsonNode only = sessions.get(0);
        assertThat(only.path("records").asLong()).isEqualTo(expected.lines());
        assertThat(only.path("events").asLong() + only.path("duplicates").asLong()).isEqualTo(expected.valid());
        assertThat(only.path("parse_errors").asLong()).isEqualTo(expected.invalid());
        final List<Expected.InvalidLine> invalidLines = new ArrayList<>();
        only.path("invalid_lines").forEach(l -> {
            assertThat(l.path("file").asText()).isEqualTo(path);
            invalidLines.add(new Expected.InvalidLine(l.path("line").asInt(), l.path("reason").asText()));
        });
        assertThat(invalidLines).isEqualTo(expected.invalidLines());
        assertThat(only.path("parse_error_rate").asDouble())
                .isCloseTo((double) expected.invalid() / expected.lines(), within(EXACT));

        final CliRun chains = CliRun.of("view", "--path", path, "--chains", "--json");
        assertThat(chains.exitCode()).as(chains.err()).isZero();
        for (int i = 0; i < sessions.size(); i++) {
            final Expected.Session want = expected.sessions().get(i);
            assertSession(sessions.get(i), want);
            final String id = want.sessionId();
            assertChains(chains.json().stream().filter(c -> c.path("session_id").asText().equals(id)).toList(),
                    want.chains());
        }
    }

    @Test
    void aFolderGivesEveryFixtureSessionWithTheSameNumbers() {
        final CliRun run = CliRun.of("view", "--path", GoldenFixtures.folder().toString(), "--summary", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final Map<String, JsonNode> bySession = new TreeMap<>();
        run.json().forEach(s -> bySession.put(s.path("session_id").asText(), s));
        final List<GoldenFixture> all = GoldenFixtures.all();
        assertThat(bySession).hasSize(all.size());
        for (final GoldenFixture fixture : all) {
            for (final Expected.Session want : fixture.expected().sessions()) {
                assertSession(bySession.get(want.sessionId()), want);
            }
        }
    }

    @Test
    void symbolPicksTheSessionsThatTradedItWithTheirWholeSummaries() {
        final String folder = GoldenFixtures.folder().toString();
        final CliRun run = CliRun.of("view", "--path", folder, "--summary", "--symbol", "BTC-EUR", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // execution_event_v1 and ledger_v1 trade BTC-EUR (the former writes it BTC/EUR too).
        final List<JsonNode> whole = new java.util.ArrayList<>();
        for (final String session : List.of("execution_event_v1", "ledger_v1")) {
            whole.addAll(CliRun.of("view", "--path", folder, "--summary", "--session", session, "--json").json());
        }
        assertThat(run.json()).containsExactlyElementsOf(whole);
        final JsonNode btc = run.json().get(1).path("by_symbol").path("BTC-EUR");
        // ledger_v1: 0.25 + 0.125 + 0.125 filled in one chain; the cancelled and the missing fill add nothing.
        assertThat(btc.path("fills").asLong()).isEqualTo(3);
        assertThat(btc.path("filled_quantity").asDouble()).isCloseTo(0.5, within(EXACT));
        assertThat(CliRun.of("view", "--path", folder, "--summary", "--symbol", "BTC-USD", "--json").json())
                .extracting(s -> s.path("session_id").asText())
                .containsExactly("emitter_style", "golden_session_bad_lines", "golden_session_latency",
                        "golden_session_ok");
    }

    static void assertSession(final JsonNode s, final Expected.Session want) {
        final String as = want.sessionId();
        assertThat(s.path("session_id").asText()).isEqualTo(want.sessionId());
        assertThat(s.path("mode").isNull() ? null : s.path("mode").asText()).as(as).isEqualTo(want.mode());
        assertThat(texts(s.path("exchanges"))).as(as).isEqualTo(want.exchanges());
        assertThat(s.path("events").asLong()).as(as).isEqualTo(want.events());
        assertThat(s.path("duplicates").asLong()).as(as).isEqualTo(want.duplicates());
        assertThat(s.path("parse_errors").asLong()).as(as).isEqualTo(want.parseErrors());
        assertThat(counts(s.path("by_stage"))).as(as + " by_stage").isEqualTo(new TreeMap<>(want.byStage()));
        assertThat(texts(s.path("symbols"))).as(as).isEqualTo(want.symbols());
        assertThat(Instant.parse(s.path("first_ts").asText())).as(as).isEqualTo(Instant.parse(want.firstTs()));
        assertThat(Instant.parse(s.path("last_ts").asText())).as(as).isEqualTo(Instant.parse(want.lastTs()));
        assertThat(s.path("error_events").asLong()).as(as).isEqualTo(want.errorEvents());
        assertThat(counts(s.path("risk_blocks"))).as(as).isEqualTo(new TreeMap<>(want.riskBlocks()));
        final JsonNode q = s.path("data_quality");
        final Expected.DataQuality wq = want.dataQuality();
        assertThat(List.of(q.path("backward_jumps").asLong(), q.path("gaps_over_1h").asLong(),
                q.path("zoneless_ts").asLong(), q.path("non_string_ids").asLong(),
                q.path("negative_latencies").asLong())).as(as + " data_quality")
                .containsExactly(wq.backwardJumps(), wq.gapsOver1h(), wq.zonelessTs(), wq.nonStringIds(),
                        wq.negativeLatencies());
        assertThat(counts(s.path("chains_by_outcome"))).as(as + " outcomes")
                .isEqualTo(new TreeMap<>(want.chainsByOutcome()));
        assertThat(s.path("missing_fills").asLong()).as(as)
                .isEqualTo(want.chainsByOutcome().getOrDefault("missing_fill", 0L));
        assertThat(s.path("open_chains").asLong()).as(as + ": every chain closed at the end").isZero();
        assertLatencyExtremes(s.path("latency_ms"), want.chains(), as);
        ExpectedPercentiles.assertReported(want, s.path("latency_ms"), as);
        ExpectedPnl.assertReported(want, s.path("by_symbol"), as);
    }

    /** The sketch's min and max are exact: they must be the extremes of the expected chains' latencies. */
    private static void assertLatencyExtremes(final JsonNode latency, final List<Expected.Chain> chains,
                                              final String as) {
        final Map<String, List<Double>> byEdge = new TreeMap<>();
        chains.forEach(c -> c.latencyMs().forEach((edge, ms) -> byEdge.computeIfAbsent(edge, k -> new ArrayList<>())
                .add(ms)));
        assertThat(names(latency)).as(as + " latency edges").isEqualTo(new ArrayList<>(byEdge.keySet()));
        byEdge.forEach((edge, values) -> {
            final JsonNode e = latency.path(edge);
            assertThat(e.path("count").asLong()).as(as + " " + edge).isEqualTo(values.size());
            assertThat(e.path("min").asDouble()).as(as + " " + edge + " min")
                    .isCloseTo(values.stream().min(Double::compare).orElseThrow(), within(EXACT));
            assertThat(e.path("max").asDouble()).as(as + " " + edge + " max")
                    .isCloseTo(values.stream().max(Double::compare).orElseThrow(), within(EXACT));
        });
    }

    private static void assertChains(final List<JsonNode> actual, final List<Expected.Chain> want) {
        final List<JsonNode> sorted = actual.stream()
                .sorted(Comparator.comparing((JsonNode c) -> Instant.parse(c.path("first_event_ts").asText()))
                        .thenComparing(c -> c.path("chain_id").asText()))
                .toList();
        assertThat(sorted).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
            final JsonNode c = sorted.get(i);
            final Expected.Chain w = want.get(i);
            final String as = "chain " + i + " " + c;
            assertThat(nullable(c.path("intent_id"))).as(as).isEqualTo(w.intentId());
            assertThat(nullable(c.path("order_id"))).as(as).isEqualTo(w.orderId());
            assertThat(nullable(c.path("symbol"))).as(as).isEqualTo(w.symbol());
            assertThat(nullable(c.path("side"))).as(as).isEqualTo(w.side());
            assertThat(c.path("outcome").asText()).as(as).isEqualTo(w.outcome());
            if (w.quantity() == null) {
                assertThat(c.path("quantity").isNull()).as(as).isTrue();
            } else {
                assertThat(c.path("quantity").asDouble()).as(as).isCloseTo(w.quantity(), within(EXACT));
            }
            assertThat(c.path("filled_quantity").asDouble()).as(as).isCloseTo(w.filledQuantity(), within(EXACT));
            assertThat(c.path("fills").asInt()).as(as).isEqualTo(w.fills());
            assertThat(names(c.path("latency_ms"))).as(as).isEqualTo(new ArrayList<>(new TreeMap<>(w.latencyMs())
                    .keySet()));
            w.latencyMs().forEach((edge, ms) -> assertThat(c.path("latency_ms").path(edge).asDouble())
                    .as(as + " " + edge).isCloseTo(ms, within(EXACT)));
        }
    }

    private static String nullable(final JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static List<String> texts(final JsonNode array) {
        final List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static List<String> names(final JsonNode object) {
        final List<String> list = new ArrayList<>();
        object.fieldNames().forEachRemaining(list::add);
        list.sort(Comparator.naturalOrder());
        return list;
    }

    private static Map<String, Long> counts(final JsonNode object) {
        final Map<String, Long> m = new TreeMap<>();
        object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }
}
