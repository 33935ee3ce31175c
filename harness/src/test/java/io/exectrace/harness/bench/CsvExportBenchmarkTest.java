package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.harness.chaos.ChaosLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A small {@code bench csv}: real broker, the app as a child JVM at -Xmx256m, the real CSV export over HTTP. */
class CsvExportBenchmarkTest {
    private static final Logger LOG = LoggerFactory.getLogger(CsvExportBenchmarkTest.class);

    @TempDir
    Path workDir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyTimelineRowIsExportedFromASmallHeap() throws Exception {
        final ChaosLog log = (format, args) -> LOG.info(String.format(format, args));
        final CsvExportSettings settings = new CsvExportSettings(20_000, 2, "256m", Duration.ofMillis(20),
                Duration.ofMinutes(2), 5, workDir);

        final CsvExportReport report = new CsvExportBenchmark(settings, log).run();

        LOG.info("\n{}", report.table());
        assertThat(report.passed()).as(report.table()).isTrue();
        // 20 000 generated events without duplicates or invalid lines: 20 000 timeline rows.
        assertThat(report.expectedRows()).isEqualTo(20_000);
        assertThat(report.exports()).hasSize(2);
        for (final CsvExportReport.Export export : report.exports()) {
            assertThat(export.rows()).isEqualTo(20_000);
            assertThat(export.transferError()).isNull();
            // 20 columns per row, the shortest row holds far more than 40 bytes (id, ts, stage, session...).
            assertThat(export.bytes()).isGreaterThan(20_000L * 40);
            assertThat(export.seconds()).isPositive();
        }
        // the same store exported twice: the same bytes
        assertThat(report.exports().get(1).bytes()).isEqualTo(report.exports().get(0).bytes());
        assertThat(report.heapSamples()).isPositive();
        assertThat(report.peakHeap()).isPositive().isLessThanOrEqualTo(256L * 1024 * 1024);
        assertThat(report.appAlive()).isTrue();
        assertThat(report.outOfMemory()).isFalse();
    }
}
