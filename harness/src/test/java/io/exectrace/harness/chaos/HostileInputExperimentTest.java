package io.exectrace.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reliability scenario 5 in its CI size (10,000 hostile records among 3,000 synthetic lines); the full run of
 * 100,000 is {@code exectrace chaos hostile-input}, recorded in docs/reliability.md.
 */
class HostileInputExperimentTest {
    private static final Logger LOG = LoggerFactory.getLogger(HostileInputExperimentTest.class);

    @Test
    void everyHostileRecordIsDeadLetteredWithItsReasonAndEveryValidOneCountedOnce(@TempDir final Path work)
            throws InterruptedException {
        final HostileInputExperiment.Result result = new HostileInputExperiment(7L, 10_000, 3_000).run(work);
        LOG.info("{}", result);
        assertThat(result.mismatches()).isEmpty();
        assertThat(result.hostile()).isEqualTo(10_000);
        assertThat(result.deadByReason().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000);
        assertThat(result.hostileByKind()).hasSize(HostileRecords.Kind.values().length);
    }
}
