package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles, as the freshness tables print them. */
class PercentilesTest {

    @Test
    void nearestRankOfUnsortedNanos() {
        final long[] nanos = new long[100];
        for (int k = 0; k < nanos.length; k++) {
            nanos[k] = (100 - k) * 1_000_000L; // 100 ms down to 1 ms
        }
        final Percentiles p = new Percentiles(nanos);

        assertThat(p.count()).isEqualTo(100);
        assertThat(p.millis(0.50)).isEqualTo(50.0);
        assertThat(p.millis(0.90)).isEqualTo(90.0);
        assertThat(p.millis(0.99)).isEqualTo(99.0);
        assertThat(p.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void fewValuesAndNone() {
        assertThat(new Percentiles(new long[] {3_000_000L, 1_000_000L}).millis(0.50)).isEqualTo(1.0);
        assertThat(new Percentiles(new long[] {3_000_000L, 1_000_000L}).millis(0.99)).isEqualTo(3.0);
        assertThat(new Percentiles(new long[0]).millis(0.50)).isNaN();
        assertThat(new Percentiles(new long[0]).maxMillis()).isNaN();
    }
}
