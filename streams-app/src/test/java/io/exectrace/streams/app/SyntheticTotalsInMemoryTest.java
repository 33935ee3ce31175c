package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.correlation.SessionAnalyzer;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.testing.FixtureView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast, rule-level half of {@link SyntheticTotalsEndToEndTest}: the same seeded synthetic run, parsed by the
 * real parser and correlated by {@link SessionAnalyzer} in memory, with records attributed as the topology does
 * (a valid event to its own session, an invalid one to its record key), then every session closed as by the idle
 * timeout. Each session's summary must equal what the generator says it generated.
 */
class SyntheticTotalsInMemoryTest {

    /** The end-to-end run's settings, then other seeds, dialect mixes, densities and larger shares of bad input. */
    static Stream<SynthSettings> runs() {
        final SynthSettings base = SyntheticExpectations.SETTINGS;
        return Stream.of(base,
                new SynthSettings(1, 12, base.startMicros(), 200, 8_000, -1, Map.of(), 0.10, 0.05, 0.02, 0.0,
                        Map.of()),
                new SynthSettings(2, 25, base.startMicros(), 1000, 12_000, -1, Map.of(), 0.05, 0.05, 0.02, 1.0,
                        Map.of()),
                new SynthSettings(3, 8, base.startMicros(), 5000, 10_000, -1, Map.of(), 0.20, 0.10, 0.05, 0.5,
                        Map.of()));
    }

    @ParameterizedTest(name = "run {index}")
    @MethodSource("runs")
    void everySessionsSummaryEqualsTheGeneratorsExpectedTotals(final SynthSettings settings) {
        final List<SyntheticRecord> records = new ArrayList<>();
        final SyntheticExpectations run = SyntheticExpectations.generate(settings, records::add);
        final Analysis analysis = analyze(records);

        final Map<String, FixtureView> expected = run.sessions();
        assertThat(analysis.analyzer.sessionIds()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (final FixtureView session : expected.values()) {
            assertThat(FixtureView.of(analysis.analyzer.summary(session.sessionId()), true))
                    .as("summary of " + session.sessionId())
                    .usingRecursiveComparison()
                    .isEqualTo(session);
        }

        final List<SessionSummary> summaries = analysis.analyzer.sessionIds().stream()
                .map(analysis.analyzer::summary).toList();
        final SyntheticExpectations.Totals overall = run.overall();
        assertThat(SyntheticExpectations.Totals.of(summaries)).usingRecursiveComparison().isEqualTo(overall);
        assertThat(analysis.chains).hasSize((int) overall.chains());
        assertThat(summaries).allSatisfy(s -> assertThat(s.openChains()).isZero());
    }

    @Test
    void theRunExercisesEveryKindOfLineAndOutcome() {
        final SyntheticExpectations.Totals overall =
                SyntheticExpectations.generate(SyntheticExpectations.SETTINGS, record -> { }).overall();
        assertThat(overall.duplicates()).isPositive();
        assertThat(overall.parseErrors()).isPositive();
        for (final ChainOutcome outcome : ChainOutcome.values()) {
            assertThat(overall.chainsByOutcome()).as(outcome.label()).containsKey(outcome.label());
        }
    }

    @Test
    void theSameSeedGivesTheSameRecordsAndTheSameAnswers() {
        final List<SyntheticRecord> firstRecords = new ArrayList<>();
        final List<SyntheticRecord> secondRecords = new ArrayList<>();
        final SyntheticExpectations first = SyntheticExpectations.generate(SyntheticExpectations.SETTINGS,
                firstRecords::add);
        final SyntheticExpectations second = SyntheticExpectations.generate(SyntheticExpectations.SETTINGS,
                secondRecords::add);
        assertThat(second.totals().toJson()).isEqualTo(first.totals().toJson());
        assertThat(secondRecords).hasSameSizeAs(firstRecords);
        int firstDifference = -1;
        for (int i = 0; i < firstRecords.size() && firstDifference < 0; i++) {
            final SyntheticRecord x = firstRecords.get(i);
            final SyntheticRecord y = secondRecords.get(i);
            if (!x.key().equals(y.key()) || !Arrays.equals(x.value(), y.value())
                    || x.arrivalMicros() != y.arrivalMicros()) {
                firstDifference = i;
            }
        }
        assertThat(firstDifference).as("index of the first record that differs").isEqualTo(-1);
        final Analysis a = analyze(firstRecords);
        final Analysis b = analyze(secondRecords);
        assertThat(b.chains).isEqualTo(a.chains);
    }

    private record Analysis(SessionAnalyzer analyzer, List<ClosedChain> chains) {
    }

    private static Analysis analyze(final List<SyntheticRecord> records) {
        final List<ClosedChain> chains = new ArrayList<>();
        final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), chains::add);
        final ExecutionEventParser parser = new ExecutionEventParser();
        for (final SyntheticRecord record : records) {
            final ParseResult result = parser.parse(record.value());
            if (result instanceof ParseResult.Valid valid) {
                analyzer.accept(valid.event().sessionId(), SessionInput.valid(valid.event()), 0L);
            } else {
                analyzer.accept(record.key(), SessionInput.invalid(((ParseResult.Invalid) result).reason()), 0L);
            }
        }
        analyzer.closeAll();
        return new Analysis(analyzer, chains);
    }
}
