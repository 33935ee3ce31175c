package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.harness.chaos.ChaosLog;
import io.exectrace.harness.chaos.InputKeying;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short {@code bench freshness}: real broker, the app as a child JVM, real probes and probe chains through the
 * API. Whether a silent session's chain closes before the timeout depends on which clock settles an ended chain,
 * so only its accounting is checked here.
 */
class FreshnessBenchmarkTest {
    private static final Logger LOG = LoggerFactory.getLogger(FreshnessBenchmarkTest.class);

    @TempDir
    Path workDir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyProbeBecomesVisibleAndEveryBusyChainIsSeenFilledAndTimed() throws Exception {
        final ChaosLog log = (format, args) -> LOG.info(String.format(format, args));
        final FreshnessSettings settings = new FreshnessSettings(200, 20, Duration.ofSeconds(5), Duration.ofSeconds(4),
                Duration.ofMillis(100), Duration.ofMillis(2), Duration.ofMillis(1000), Duration.ofSeconds(10), 1, 3,
                workDir, InputKeying.SESSION);

        final FreshnessReport report = new FreshnessBenchmark(settings, log).run();

        LOG.info("\n{}", report.table());
        assertThat(report.notVisible()).as(report.table()).isZero();
        // One probe per 100 ms for 5 s, sent on schedule: 50, unless the machine stalls the sender.
        assertThat(report.latencies().count()).isBetween(40, 51);
        assertThat(report.latencies().millis(0.50)).isPositive();
        assertThat(report.latencies().millis(0.99)).isGreaterThanOrEqualTo(report.latencies().millis(0.50))
                .isLessThan(FreshnessSettings.PROBE_TIMEOUT.toMillis());
        assertThat(report.latencies().maxMillis()).isGreaterThanOrEqualTo(report.latencies().millis(0.99));
        assertThat(report.backgroundRate()).isPositive().isLessThan(2 * settings.rate());
        assertThat(report.table()).contains("| p99 |", "| background load |");

        final OutcomeFreshness busy = report.busy();
        assertThat(busy.passed()).as(report.table()).isTrue();
        // One chain per probe interval as well.
        assertThat(busy.latencies().count()).isBetween(40, 51);
        assertThat(busy.latencies().millis(0.50)).isPositive();
        assertThat(busy.latencies().maxMillis()).isGreaterThanOrEqualTo(busy.latencies().millis(0.99))
                .isLessThanOrEqualTo(settings.outcomeTimeout().toMillis());

        final OutcomeFreshness silent = report.silent();
        // One silent chain per second for 5 s; seen or not, each is counted once.
        assertThat(silent.probes()).as(report.table()).isBetween(4, 6);
        assertThat(silent.latencies().count() + silent.notSeen()).isEqualTo(silent.probes());
        assertThat(silent.otherOutcome()).isZero();
        assertThat(report.polls().busyChains()).isPositive();
        assertThat(report.table()).contains("| seen filled | " + busy.latencies().count() + " | "
                + silent.latencies().count() + " |");
    }
}
