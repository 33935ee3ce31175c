package io.exectrace.harness.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticSessions;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Medians, ratios and the report's rows, on made-up timings (no clock, no Kafka). */
class EndToEndReportTest {

    /** A timing whose steady state processed {@code rate} records/s for {@code seconds}. */
    private static SteadyState.Timing timing(final double rate, final double seconds, final double startup) {
        // 2 s of CPU per second of steady state: CPU per record 2e6 / rate µs
        return new SteadyState.Timing(startup, startup + seconds + 1, seconds, Math.round(rate * seconds), 4_000_000,
                2 * seconds, 300L << 20);
    }

    private static EndToEndReport.Measurement run(final int run, final double c, final double b, final double b3,
                                                  final List<String> differences) {
        return new EndToEndReport.Measurement(run, "exactly_once_v2", 2, 1_000_000, timing(c, 120, 3),
                timing(b, 25, 2), timing(b3, 60, 2.5), differences);
    }

    private static EndToEndReport report(final List<EndToEndReport.Measurement> measurements) {
        final SyntheticSessions generator = new SyntheticSessions(
                SynthSettings.defaults(1, 1_766_217_600_000_000L).withSessions(3).withMaxLines(300));
        while (generator.hasNext()) {
            generator.next();
        }
        final ExpectedTotals expected = generator.expectedTotals();
        return new EndToEndReport(new EndToEndSettings(4_000_000, 3, 6, measurements.size(), null,
                List.of("exactly_once_v2"), List.of(2), Path.of("unused"), 1), expected, 4_000_000, measurements,
                "1.0", "2.0");
    }

    @Test
    void medianOfOddAndEvenCountsLeavesNoFigureOut() {
        assertThat(Median.of(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Median.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Median.of(List.of(7.0))).isEqualTo(7.0);
        assertThat(Median.of(List.of(Double.NaN, 5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Median.of(List.of())).isNaN();
        assertThat(Median.of(List.of(Double.NaN))).isNaN();
    }

    @Test
    void ratiosAreTakenWithinEachRunThenTheirMedian() {
        // Run 2 is slow for everyone (a busy moment): its ratio still counts as the others do.
        final List<EndToEndReport.Measurement> runs = List.of(
                run(1, 30_000, 200_000, 100_000, List.of()),
                run(2, 15_000, 120_000, 50_000, List.of()),
                run(3, 33_000, 220_000, 100_000, List.of()));

        assertThat(runs.get(0).toBaseline2()).isCloseTo(0.15, within(1e-3));
        assertThat(EndToEndReport.median(runs, EndToEndReport.Measurement::toBaseline2))
                .isCloseTo(0.15, within(1e-3));   // 0.125, 0.150, 0.150
        assertThat(EndToEndReport.median(runs, EndToEndReport.Measurement::toBaseline3))
                .isCloseTo(0.30, within(1e-3));   // 0.300, 0.300, 0.330
        assertThat(EndToEndReport.median(runs, m -> m.exectrace().rate())).isCloseTo(30_000, within(1.0));
    }

    @Test
    void theTableListsEveryRunTheMediansAndTheStartUps() {
        final String table = report(List.of(
                run(1, 30_000, 200_000, 100_000, List.of()),
                run(2, 15_000, 120_000, 50_000, List.of()),
                run(3, 33_000, 220_000, 100_000, List.of()))).table();

        assertThat(table)
                .contains("4000000 records (seed 1, 3 sessions")
                .contains("### exactly_once_v2, 2 threads")
                .contains("| 1 | 1,000,000 | 30,000 | 200,000 | 100,000 | 0.150 | 0.300 | 3.0 / 2.0 / 2.5 |"
                        + " 120.0 / 25.0 / 60.0 |")
                .contains("| 2 | 1,000,000 | 15,000 | 120,000 | 50,000 | 0.125 | 0.300 |")
                .contains("| **median** | 1,000,000 | 30,000 | 200,000 | 100,000 | **0.150** | **0.300** |")
                .contains("| 66.7 / 10.0 / 20.0 | 0.150, 0.300 | 300 / 300 / 300 | checked |")   // run 1
                .contains("| **0.150, 0.300** | 300 / 300 / 300 | checked |")
                .doesNotContain("shorter than")
                .doesNotContain("WRONG");
    }

    @Test
    void theFormerBaseline2IsListedWithItsRateFromStartWhenItRan() {
        final EndToEndReport.Measurement m = new EndToEndReport.Measurement(1, "exactly_once_v2", 2, 1_000_000,
                timing(30_000, 120, 3), timing(200_000, 25, 2), timing(100_000, 60, 2.5),
                new SteadyState.Timing(4, 30, 25, 2_500_000, 4_000_000), List.of());

        assertThat(report(List.of(m)).table())
                .contains("Baseline 2 as before issue #23")
                .contains("run 1 100,000 / 133,333, 4.0 s, 0.300 / ");
        assertThat(report(List.of(run(1, 30_000, 200_000, 100_000, List.of()))).table())
                .doesNotContain("as before");
    }

    @Test
    void shortOrMissingSteadyStatesAndWrongAnswersAreFlagged() {
        final EndToEndReport.Measurement shortRun = new EndToEndReport.Measurement(1, "exactly_once_v2", 2, 1_000_000,
                timing(30_000, 120, 3), timing(200_000, 5, 2),
                new SteadyState.Timing(2, 3, 0, 0, 4_000_000), List.of("s1: events 0, expected 5"));
        final EndToEndReport report = report(List.of(shortRun));

        assertThat(EndToEndReport.shortWindows(List.of(shortRun)))
                .containsExactly("run 1 baseline 2 5.0 s", "run 1 baseline 3 0.0 s");
        assertThat(report.correct()).isFalse();
        assertThat(report.table())
                .contains("| n/a |")
                .contains("Steady state shorter than 20 s (raise --records): run 1 baseline 2 5.0 s")
                .contains("**WRONG**");
    }
}
