package io.exectrace.streams.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ChainOutcome;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Alerts that come from closed chains: missing fills and the p95 intent-to-fill latency. */
class ChainAlertTest {

    private static final long T0 = Lines.T0.toEpochMilli();
    private static final long MINUTE = 60_000L;

    private static Instant at(final double seconds) {
        return Lines.T0.plusMillis(Math.round(seconds * 1_000));
    }

    private static void chain(final TopologyHarness harness, final String id, final double intentAt,
                              final double orderAt, final double fillAt) {
        harness.send("s", Lines.intent("s", at(intentAt), "i-" + id));
        harness.send("s", Lines.order("s", at(orderAt), "i-" + id, "o-" + id));
        if (fillAt >= 0) {
            harness.send("s", Lines.fill("s", at(fillAt), "o-" + id));
        }
    }

    @Test
    void missingFillsAlertOncePerSessionAndMinute() {
        try (TopologyHarness harness = new TopologyHarness()) {
            chain(harness, "a", 0, 0.1, -1);
            chain(harness, "b", 0.2, 0.3, -1);
            // The session's clock passes both orders' 60 s timeout.
            harness.send("s", Lines.intent("s", at(70)));
            final List<ClosedChain> chains = harness.chains.readValuesToList();
            assertThat(chains).extracting(ClosedChain::outcome)
                    .containsExactly(ChainOutcome.MISSING_FILL, ChainOutcome.MISSING_FILL);
            final long closedAt = chains.get(0).closeTsMillis();
            assertThat(HealthWindows.minuteStart(chains.get(1).closeTsMillis()))
                    .isEqualTo(HealthWindows.minuteStart(closedAt));

            final List<Alert> alerts = harness.alerts.readValuesToList();
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.type()).isEqualTo(AlertType.MISSING_FILL);
                assertThat(alert.severity()).isEqualTo(AlertType.Severity.P1);
                assertThat(alert.sessionId()).isEqualTo("s");
                assertThat(alert.eventTimeMillis()).isEqualTo(closedAt);
                assertThat(alert.windowStartMillis()).isEqualTo(HealthWindows.minuteStart(closedAt));
                assertThat(alert.detail()).contains("o-a");
            });
            assertThat(HealthViews.health1m(harness).fetch(HealthKey.of("paper", "s"), HealthWindows.minuteStart(closedAt))
                    .missingFills()).isEqualTo(2);

            // A missing fill in a later minute is a new alert.
            chain(harness, "c", 200, 200.5, -1);
            harness.send("s", Lines.intent("s", at(300)));
            assertThat(harness.alerts.readValuesToList()).extracting(Alert::type)
                    .containsExactly(AlertType.MISSING_FILL);
        }
    }

    @Test
    void p95IntentToFillAboveTenSecondsOverFiveMinutesIsAP2Alert() {
        try (TopologyHarness harness = new TopologyHarness()) {
            chain(harness, "fast", 5, 5.1, 5.5);
            chain(harness, "slow-1", 0, 1, 12);
            chain(harness, "slow-2", 2, 3, 14);
            chain(harness, "slow-3", 4, 5, 16);
            harness.send("s", Lines.intent("s", at(400), "later"));
            final List<ClosedChain> chains = harness.chains.readValuesToList();
            assertThat(chains).hasSize(4).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(ChainOutcome.FILLED));

            final List<Alert> alerts = harness.alerts.readValuesToList();
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.type()).isEqualTo(AlertType.LATENCY_P95);
                assertThat(alert.severity()).isEqualTo(AlertType.Severity.P2);
                // Nearest-rank p95 of {0.5, 12, 12, 12} s is 12 s.
                assertThat(alert.value()).isEqualTo(12.0);
                assertThat(alert.threshold()).isEqualTo(10.0);
                assertThat(alert.unit()).isEqualTo("seconds");
                assertThat(alert.windowStartMillis()).isEqualTo(T0 - 4 * MINUTE);
                assertThat(alert.windowEndMillis()).isEqualTo(T0 + MINUTE);
            });
            final HealthCounts window = HealthViews.health5m(harness).fetch(HealthKey.of("paper", "s"), T0);
            assertThat(window.chains()).isEqualTo(4);
            assertThat(window.intentToFillSamples()).isEqualTo(4);
            assertThat(window.intentToFillSlow()).isEqualTo(3);
        }
    }

    @Test
    void oneSlowChainInTwentyKeepsP95BelowTheThreshold() {
        try (TopologyHarness harness = new TopologyHarness()) {
            chain(harness, "slow", 0, 1, 11);
            for (int i = 0; i < 19; i++) {
                chain(harness, "fast-" + i, 12 + i, 12.1 + i, 12.2 + i);
            }
            harness.send("s", Lines.intent("s", at(Duration.ofMinutes(7).toSeconds()), "later"));
            assertThat(harness.chains.readValuesToList()).hasSize(20);
            assertThat(harness.alerts.readValuesToList()).extracting(Alert::type)
                    .doesNotContain(AlertType.LATENCY_P95);
        }
    }
}
