package io.exectrace.harness.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.harness.chaos.InputKeying;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.correlation.SessionSummary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of the end-to-end harness (5,000 records on an embedded broker, one configuration): every stage runs
 * and exectrace's answer passes the check against the generator's totals. Figures of such a run mean nothing and
 * are not asserted; the benchmark itself is {@code ./exectrace bench e2e}.
 */
class EndToEndBenchmarkTest {

    @TempDir
    Path workDir;

    @Test
    void aSmallRunMeasuresAllFourAndChecksExectracesAnswer() throws InterruptedException {
        final List<String> progress = new ArrayList<>();
        final EndToEndReport report = new EndToEndBenchmark(new EndToEndSettings(5_000, 20, 2, 1, null,
                List.of("exactly_once_v2"), List.of(1), workDir, 3), progress::add).run();

        assertThat(report.records()).isEqualTo(5_000);
        assertThat(report.measurements()).singleElement().satisfies(m -> {
            assertThat(m.differences()).isEmpty();
            assertThat(m.raw()).isPositive();
            // 5,000 records are consumed within the first commit or two: start-up is there, a steady state may
            // not be (the report then says n/a and flags it).
            assertThat(m.exectrace().startupSeconds()).isPositive();
            assertThat(m.counting().startupSeconds()).isPositive();
            assertThat(m.storing().startupSeconds()).isPositive();
        });
        assertThat(report.correct()).isTrue();
        assertThat(report.table()).contains("### exactly_once_v2, 1 thread").contains("| checked |");
        assertThat(workDir).isEmptyDirectory();
    }

    /** With --reconcile the venue's fills are loaded too and exectrace's run ends when its matched pairs are in. */
    @Test
    void aReconcilingRunLoadsTheVenueFillsAndWaitsForTheMatchedPairs() throws InterruptedException {
        final List<String> progress = new ArrayList<>();
        final EndToEndReport report = new EndToEndBenchmark(new EndToEndSettings(5_000, 20, 2, 1, null,
                List.of("exactly_once_v2"), List.of(1), workDir, 3, SessionIds.STREAM, false, InputKeying.SESSION,
                true), progress::add).run();
        assertThat(progress).anySatisfy(line -> assertThat(line).containsPattern("^[1-9][0-9]* venue fills of "));
        assertThat(report.measurements()).singleElement()
                .satisfies(m -> assertThat(m.differences()).as("matched pairs decided").isEmpty());
        assertThat(report.correct()).isTrue();
    }

    @Test
    void aWrongAnswerIsReported() {
        final SyntheticSessions generator = new SyntheticSessions(
                SynthSettings.defaults(3, 1_766_217_600_000_000L).withSessions(3).withMaxLines(600));
        while (generator.hasNext()) {
            generator.next();
        }
        final ExpectedTotals expected = generator.expectedTotals();
        final Map<String, SessionSummary> nothingCounted = new HashMap<>();
        expected.sessions().forEach(s -> nothingCounted.put(s.sessionId(), new SessionSummary(s.sessionId())));

        assertThat(SummaryCheck.differences(expected, nothingCounted))
                .isNotEmpty()
                .first().asString().contains("events 0, expected");
        assertThat(SummaryCheck.differences(expected, Map.of()))
                .first().asString().isEqualTo("0 session summaries, expected 3");
    }
}
