package io.exectrace.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reliability scenario 3 in its CI size: one of two instances stopped for 6 s under query load, then back. */
class RebalanceExperimentTest {

    @Test
    void everyAnswerDuringTheMoveIsTheSessionsTrueStateOrA503WithRetryAfter(@TempDir final Path work)
            throws Exception {
        final RebalanceExperiment.Result result = new RebalanceExperiment(3L, 4_000, Duration.ofSeconds(6),
                Duration.ofSeconds(3)).run(work);
        assertThat(result.examples()).as("wrong answers").isEmpty();
        assertThat(result.wrong()).isZero();
        assertThat(result.fresh()).isPositive();
        assertThat(result.queries()).isGreaterThan(100);
    }
}
