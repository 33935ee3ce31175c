package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.harness.chaos.InputKeying;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The printed tables and the failure line of {@code bench freshness}. */
class FreshnessReportTest {
    private static final FreshnessSettings SETTINGS = new FreshnessSettings(2000, 1000, Duration.ofSeconds(60),
            Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofMillis(2), Duration.ofMillis(1000),
            Duration.ofSeconds(30), 2, 1, Path.of("work"), InputKeying.SESSION);
    private static final Percentiles EVENTS = millis(50, 60, 70);
    private static final PollRates POLLS = new PollRates(310.4, 420, 1234.5);

    @Test
    void bothTablesShowEveryFigure() {
        final FreshnessReport report = report(new OutcomeFreshness(millis(1100, 1200, 1300, 1400), 0, 0,
                millis(40, 60, 80, 300)), new OutcomeFreshness(millis(1150), 0, 0, millis(1150)));

        final String table = report.table();

        assertThat(table).contains("| freshness: produce -> visible in GET /api/sessions/{id} | value |",
                "| probes | 3 in 60 s after 15 s of warm-up, one every 100 ms; 0 not visible within 10 s |",
                "| p99 | 70.0 ms |",
                "| API polls | 310/s session summary, 420/s busy session's chains, 1235/s silent sessions' chains"
                        + " (served by the app under test) |");
        assertThat(table).contains("| outcome freshness: fill sent -> chain closed as filled in"
                        + " GET /api/sessions/{id}/chains | busy session | silent sessions |",
                "| probe chains | 4, one every 100 ms into bench-freshness-busy | 1, one every 1000 ms, each into a"
                        + " session of its own (bench-freshness-silent-N) |",
                "| seen filled | 4 | 1 |",
                "| not seen closed within 30 s | 0 | 0 |",
                "| closed with another outcome | 0 | 0 |",
                "| p50 | 1200.0 ms | 1150.0 ms |",
                "| p90 | 1400.0 ms | 1150.0 ms |",
                "| max | 1400.0 ms | 1150.0 ms |",
                "| outcome visible p50 (ended by the full fill in chains?state=open, or closed) | 60.0 ms | 1150.0 ms |",
                "| outcome visible p99 | 300.0 ms | 1150.0 ms |");
        assertThat(report.passed()).isTrue();
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void silentProbesNotSeenFailTheRunAndAreCountedNotDropped() {
        final FreshnessReport report = report(new OutcomeFreshness(millis(1100, 1200), 0, 0, millis(1100, 1200)),
                new OutcomeFreshness(millis(), 58, 2, millis()));

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).containsExactly("silent sessions: 60 of 60 chain(s) not seen closed as"
                + " filled within 30 s (2 closed with another outcome)");
        assertThat(report.table()).contains("| seen filled | 2 | 0 |", "| not seen closed within 30 s | 0 | 58 |",
                "| closed with another outcome | 0 | 2 |", "| p99 | 70.0 ms |", "| p99 | 1200.0 ms | - |");
    }

    @Test
    void eachKindOfFailureHasItsSentence() {
        final FreshnessReport report = new FreshnessReport(SETTINGS, EVENTS, 1,
                new OutcomeFreshness(millis(1100), 1, 0, millis(1100)), new OutcomeFreshness(millis(), 0, 0, millis()),
                1900, POLLS, 10,
                "1.0", "2.0");

        assertThat(report.failures()).containsExactly("1 of 4 probe(s) not visible within 10 s",
                "busy session: 1 of 2 chain(s) not seen closed as filled within 30 s (0 closed with another outcome)",
                "silent sessions: no chain measured");
    }

    private static FreshnessReport report(final OutcomeFreshness busy, final OutcomeFreshness silent) {
        return new FreshnessReport(SETTINGS, EVENTS, 0, busy, silent, 1900, POLLS, 10, "1.0", "2.0");
    }

    private static Percentiles millis(final long... values) {
        final long[] nanos = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            nanos[k] = values[k] * 1_000_000L;
        }
        return new Percentiles(nanos);
    }
}
