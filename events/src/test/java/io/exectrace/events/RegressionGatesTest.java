package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The seed's regression gates, at the parser level, over every golden fixture: each expectation comes from
 * the hand-written expected file. Gates that need correlation (latency sanity, summary invariants) run in
 * streams-app against the same files.
 */
class RegressionGatesTest {
    private static final ExecutionEventParser PARSER = new ExecutionEventParser();

    static List<GoldenFixture> fixtures() {
        return GoldenFixtures.all();
    }

    // 1. Parse robustness: invalid lines are found with their reason, nothing crashes.
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void invalidLinesAreCountedWithTheirReasons(final GoldenFixture fixture) {
        final List<Expected.InvalidLine> invalid = new ArrayList<>();
        final List<byte[]> lines = fixture.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (PARSER.parse(lines.get(i)) instanceof ParseResult.Invalid bad) {
                invalid.add(new Expected.InvalidLine(i + 1, bad.reason().name()));
            }
        }
        final Expected.File expected = fixture.expected();
        assertThat(lines).hasSize(expected.lines());
        assertThat(invalid).containsExactlyElementsOf(expected.invalidLines());
        assertThat(lines.size() - invalid.size()).isEqualTo(expected.valid());
    }

    @Test
    void cleanFixturesHaveZeroParseErrors() {
        assertThat(fixtures()).filteredOn(f -> f.expected().invalid() == 0)
                .allSatisfy(f -> assertThat(valid(f)).hasSize(f.lines().size()));
    }

    // 2. Required keys and types: ts, session and stage on every valid event, in a known session.
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyValidEventHasTsSessionAndStage(final GoldenFixture fixture) {
        final Set<String> sessions = fixture.expected().sessions().stream()
                .map(Expected.Session::sessionId).collect(Collectors.toSet());
        assertThat(valid(fixture)).allSatisfy(event -> {
            assertThat(event.tsMicros()).isPositive();
            assertThat(event.sessionId()).isIn(sessions);
            assertThat(event.stage()).isNotNull();
        });
    }

    // 3. Timestamps parseable and zone-aware: the time range and zone-less count match the expected file.
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void timeRangeAndZonelessTimestampsMatch(final GoldenFixture fixture) {
        for (final Expected.Session session : fixture.expected().sessions()) {
            final List<ExecutionEvent> events = valid(fixture).stream()
                    .filter(e -> e.sessionId().equals(session.sessionId())).toList();
            final long first = events.stream().mapToLong(ExecutionEvent::tsMicros).min().orElseThrow();
            final long last = events.stream().mapToLong(ExecutionEvent::tsMicros).max().orElseThrow();
            assertThat(first).isEqualTo(micros(session.firstTs()));
            assertThat(last).isEqualTo(micros(session.lastTs()));
            assertThat(events.stream().filter(e -> e.has(QualityFlags.ZONELESS_TS)).count())
                    .isEqualTo(session.dataQuality().zonelessTs());
        }
    }

    // 4. Monotonic time: no backward jump > 1 s beyond those the expected file names.
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void backwardJumpsOverOneSecondMatch(final GoldenFixture fixture) {
        for (final Expected.Session session : fixture.expected().sessions()) {
            long jumps = 0;
            long previous = Long.MIN_VALUE;
            for (final ExecutionEvent event : distinct(valid(fixture))) {
                if (!event.sessionId().equals(session.sessionId())) {
                    continue;
                }
                if (previous != Long.MIN_VALUE && previous - event.tsMicros() > 1_000_000L) {
                    jumps++;
                }
                previous = event.tsMicros();
            }
            assertThat(jumps).isEqualTo(session.dataQuality().backwardJumps());
        }
    }

    @Test
    void goldenOkIsStrictlyIncreasing() {
        final List<ExecutionEvent> events = valid(GoldenFixtures.named("golden_session_ok.jsonl"));
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).tsMicros()).isGreaterThan(events.get(i - 1).tsMicros());
        }
    }

    // 5. Id consistency: ids are strings; wrong-typed ids are flagged, as many as expected.
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void idsAreStringsUnlessFlagged(final GoldenFixture fixture) {
        for (final Expected.Session session : fixture.expected().sessions()) {
            assertThat(valid(fixture).stream()
                    .filter(e -> e.sessionId().equals(session.sessionId()))
                    .filter(e -> e.has(QualityFlags.NON_STRING_ID)).count())
                    .isEqualTo(session.dataQuality().nonStringIds());
        }
    }

    // 7. Filters: by stage, by symbol and by session the distinct events add up to the expected counts.
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void filtersByStageSymbolAndSessionMatch(final GoldenFixture fixture) {
        for (final Expected.Session session : fixture.expected().sessions()) {
            final List<ExecutionEvent> ofSession = distinct(valid(fixture)).stream()
                    .filter(e -> e.sessionId().equals(session.sessionId())).toList();
            assertThat((long) ofSession.size()).isEqualTo(session.events());
            final Map<String, Long> byStage = new TreeMap<>();
            for (final Stage stage : Stage.values()) {
                final long count = ofSession.stream().filter(e -> e.stage() == stage).count();
                if (count > 0) {
                    byStage.put(stage.label(), count);
                }
            }
            assertThat(byStage).isEqualTo(new TreeMap<>(session.byStage()));
            final Set<String> symbols = new TreeSet<>();
            for (final String symbol : session.symbols()) {
                final List<ExecutionEvent> ofSymbol = ofSession.stream()
                        .filter(e -> symbol.equals(e.symbol())).toList();
                assertThat(ofSymbol).as(symbol).isNotEmpty();
                symbols.add(symbol);
            }
            final Set<String> seenSymbols = ofSession.stream().map(ExecutionEvent::symbol)
                    .filter(s -> s != null).collect(Collectors.toCollection(TreeSet::new));
            assertThat(seenSymbols).isEqualTo(symbols);
        }
    }

    // 8. Edge cases: empty and blank input are typed errors, never exceptions.
    @Test
    void emptyInputIsATypedError() {
        assertThat(PARSER.parse(new byte[0])).isInstanceOf(ParseResult.Invalid.class);
        assertThat(PARSER.parse("   ".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(ParseResult.Invalid.class);
        assertThat(GoldenFixtures.nonBlankLines(new byte[0])).isEmpty();
    }

    private static List<ExecutionEvent> valid(final GoldenFixture fixture) {
        final List<ExecutionEvent> events = new ArrayList<>();
        for (final byte[] line : fixture.lines()) {
            if (PARSER.parse(line) instanceof ParseResult.Valid ok) {
                events.add(ok.event());
            }
        }
        return events;
    }

    /** Drops redeliveries (same fingerprint), keeping the first arrival. */
    private static List<ExecutionEvent> distinct(final List<ExecutionEvent> events) {
        final Set<Long> seen = new HashSet<>();
        return events.stream().filter(e -> seen.add(e.fingerprint())).toList();
    }

    private static long micros(final String iso) {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
