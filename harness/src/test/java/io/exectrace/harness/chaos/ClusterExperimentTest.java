package io.exectrace.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster scenario in its CI size: three Kafka node processes, three instances with standbys, 40 s of paced
 * input with the leader broker killed and restarted, an instance killed and restarted and a second broker stopped.
 */
class ClusterExperimentTest {

    @Test
    void nothingIsLostOrCountedTwiceAndEveryAnswerIsRightStaleMarkedOrA503(@TempDir final Path work)
            throws Exception {
        final ClusterExperiment.Result result = new ClusterExperiment(5L, 40, Duration.ofSeconds(40),
                Duration.ofMinutes(5)).run(work, (format, args) -> { });
        assertThat(result.examples()).as("differences and wrong answers").isEmpty();
        assertThat(result.mismatches()).isZero();
        assertThat(result.queries().wrong()).isZero();
        assertThat(result.queries().fresh()).isPositive();
        assertThat(result.faults()).anyMatch(f -> f.contains("SIGKILL node"))
                .anyMatch(f -> f.contains("SIGKILL app instance"))
                .anyMatch(f -> f.contains("SIGTERM node") || f.contains("no clean stop"));
    }
}
