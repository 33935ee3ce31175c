package io.exectrace.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --key} of {@code bench e2e} and {@code bench freshness} on the command line (nothing is run). */
class BenchKeyOptionTest {

    @Test
    void helpOfBothBenchmarksNamesTheKeyings() {
        for (final String benchmark : List.of("e2e", "freshness")) {
            final HarnessRun run = HarnessRun.of("bench", benchmark, "--help");
            assertThat(run.exitCode()).as(benchmark).isZero();
            assertThat(run.out()).as(benchmark).contains("--key=session|none|order|constant")
                    .contains("reorder stage");
        }
    }

    @Test
    void anUnknownKeyingIsBadInputForBothBenchmarks() {
        for (final String benchmark : List.of("e2e", "freshness")) {
            final HarnessRun run = HarnessRun.of("bench", benchmark, "--key", "partition");
            assertThat(run.exitCode()).as(benchmark).isEqualTo(2);
            assertThat(run.err()).as(benchmark)
                    .contains("--key must be session, none, order or constant, got 'partition'");
        }
    }
}
