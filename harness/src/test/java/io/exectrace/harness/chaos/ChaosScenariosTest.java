package io.exectrace.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small versions of the reliability scenarios for the default suite: a real broker, the app as child JVMs, real
 * SIGKILLs, a real broker stop, a deleted state directory. The reference is computed in memory by the same
 * correlation code (the full-size runs of {@code exectrace chaos} also run an undisturbed app and check that it
 * equals this computation). Each must find no mismatch.
 */
class ChaosScenariosTest {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosScenariosTest.class);

    @TempDir
    Path workDir;

    private final List<String> progress = new ArrayList<>();
    private final ChaosLog log = (format, args) -> {
        progress.add(String.format(format, args));
        LOG.info(String.format(format, args));
    };

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void crashMidStreamLosesAndDoublesNothing() throws Exception {
        final ChaosReport report = new CrashScenario().run(new ChaosOptions(20_000, 7, workDir,
                Map.of("kills", "2", "max-downtime", "1s", "reference", "memory")), log);
        LOG.info("{}", report.table());
        assertThat(report.mismatches()).as(report.table() + progress).isZero();
        assertThat(report.figures()).anySatisfy(f -> assertThat(f.value()).startsWith("2 (at "));
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void brokerOutageIsReportedByReadyAndLeavesTheNumbersExact() throws Exception {
        final ChaosReport report = new BrokerRestartScenario().run(new ChaosOptions(10_000, 3, workDir,
                Map.of("outage", "10s", "at", "20", "reference", "memory", "idle-timeout", "15s")), log);
        LOG.info("{}", report.table());
        assertThat(report.mismatches()).as(report.table() + progress).isZero();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void deletedStateIsRestoredWithTheSameAnswers() throws Exception {
        final ChaosReport report = new RestoreScenario().run(new ChaosOptions(10_000, 5, workDir, Map.of()), log);
        LOG.info("{}", report.table());
        assertThat(report.mismatches()).as(report.table() + progress).isZero();
        assertThat(report.figures()).extracting(ChaosReport.Figure::name)
                .contains("start to /ready, state deleted (full restore)");
    }
}
