package io.exectrace.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reliability scenario 7 in its CI size: three SIGKILLs of the tailer while the logs grow and rotate. */
class TailerKillExperimentTest {

    @Test
    void everyLineReachesTheTopicExactlyOnceThoughTheTailerIsKilledAgainAndAgain(@TempDir final Path work)
            throws Exception {
        final TailerKillExperiment.Result result = new TailerKillExperiment(11L, 3, 800).run(work);
        assertThat(result.kills()).isEqualTo(3);
        assertThat(result.rotations()).isPositive();
        assertThat(result.missing()).as("lines lost").isZero();
        assertThat(result.duplicated()).as("lines sent twice").isZero();
        assertThat(result.unknown()).as("records never written").isZero();
        assertThat(result.received()).isEqualTo(result.linesWritten());
    }
}
