package io.exectrace.streams.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AlertTest {

    private static final long T0 = Lines.T0.toEpochMilli();
    private static final long MINUTE = 60_000L;

    /** 20 events in the first minute, {@code errors} of them errors. */
    private static void burst(final TopologyHarness harness, final Instant start, final int errors) {
        for (int i = 0; i < 20; i++) {
            final Instant ts = start.plusSeconds(i);
            harness.send("s", i < errors ? Lines.error("s", ts) : Lines.intent("s", ts));
        }
    }

    @Test
    void errorRateAboveTenPercentOverFiveMinutesFiresOncePerEpisode() {
        try (TopologyHarness harness = new TopologyHarness()) {
            burst(harness, Lines.T0, 3);
            assertThat(harness.alerts.isEmpty()).isTrue();
            // The clock passes 10:05: five hopping windows holding the burst close; only the first one alerts.
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(305)));
            final List<Alert> alerts = harness.alerts.readValuesToList();
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.type()).isEqualTo(AlertType.ERROR_RATE);
                assertThat(alert.severity()).isEqualTo(AlertType.Severity.P1);
                assertThat(alert.sessionId()).isEqualTo("s");
                assertThat(alert.mode()).isEqualTo("paper");
                assertThat(alert.windowStartMillis()).isEqualTo(T0 - 4 * MINUTE);
                assertThat(alert.windowEndMillis()).isEqualTo(T0 + MINUTE);
                assertThat(alert.value()).isEqualTo(0.15);
                assertThat(alert.threshold()).isEqualTo(0.10);
                assertThat(alert.eventTimeMillis()).isEqualTo(T0 + MINUTE);
                assertThat(alert.wallClockDetectedAtMillis()).isEqualTo(-1L);
            });
            // Quiet windows re-arm the rule; a second burst is a second episode.
            burst(harness, Lines.T0.plusSeconds(900), 5);
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(1300)));
            assertThat(harness.alerts.readValuesToList()).singleElement()
                    .satisfies(alert -> assertThat(alert.value()).isEqualTo(0.25));
        }
    }

    @Test
    void tooFewEventsOrExactlyTenPercentDoNotFire() {
        try (TopologyHarness harness = new TopologyHarness()) {
            burst(harness, Lines.T0, 2);
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(400)));
            assertThat(harness.alerts.isEmpty()).isTrue();
        }
        try (TopologyHarness harness = new TopologyHarness(Map.of("EXECTRACE_ALERT_MIN_EVENTS", "30"), 1,
                Lines.T0)) {
            burst(harness, Lines.T0, 10);
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(400)));
            assertThat(harness.alerts.isEmpty()).isTrue();
        }
    }

    @Test
    void parseErrorRateAboveTenPercentFires() {
        try (TopologyHarness harness = new TopologyHarness()) {
            burst(harness, Lines.T0, 0);
            for (int i = 0; i < 3; i++) {
                harness.send("s", "{\"broken\": ");
            }
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(305)));
            assertThat(harness.alerts.readValuesToList()).singleElement().satisfies(alert -> {
                assertThat(alert.type()).isEqualTo(AlertType.PARSE_ERROR_RATE);
                assertThat(alert.value()).isEqualTo(3.0 / 23.0);
            });
        }
    }

    @Test
    void aGapOfMoreThanAnHourBetweenConsecutiveEventsIsAFeedGap() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.send("s", Lines.intent("s", Lines.T0));
            harness.send("s", Lines.intent("s", Lines.T0.plus(Duration.ofHours(1))));
            assertThat(harness.alerts.isEmpty()).isTrue();
            harness.send("s", Lines.intent("s", Lines.T0.plus(Duration.ofMinutes(150))));
            assertThat(harness.alerts.readValuesToList()).singleElement().satisfies(alert -> {
                assertThat(alert.type()).isEqualTo(AlertType.FEED_GAP);
                assertThat(alert.severity()).isEqualTo(AlertType.Severity.P2);
                assertThat(alert.value()).isEqualTo(5400.0);
                assertThat(alert.threshold()).isEqualTo(3600.0);
                assertThat(alert.windowStartMillis()).isEqualTo(T0 + 60 * MINUTE);
                assertThat(alert.eventTimeMillis()).isEqualTo(T0 + 150 * MINUTE);
            });
        }
    }

    @Test
    void aLiveSessionSilentForTheIdleTimeoutAlertsOncePerSilence() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.send("live", Lines.intent("live", Lines.T0));
            // Replayed yesterday: not live, never "silent".
            harness.send("replay", Lines.intent("replay", Lines.T0.minus(Duration.ofDays(1))));
            harness.driver.advanceWallClockTime(Duration.ofMinutes(4));
            assertThat(harness.alerts.isEmpty()).isTrue();
            harness.driver.advanceWallClockTime(Duration.ofSeconds(70));
            final List<Alert> alerts = harness.alerts.readValuesToList();
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.type()).isEqualTo(AlertType.NO_EVENTS);
                assertThat(alert.sessionId()).isEqualTo("live");
                assertThat(alert.eventTimeMillis()).isEqualTo(T0);
                assertThat(alert.wallClockDetectedAtMillis()).isGreaterThanOrEqualTo(T0 + 5 * MINUTE);
                assertThat(alert.value()).isGreaterThanOrEqualTo(300.0);
                assertThat(alert.threshold()).isEqualTo(300.0);
            });
            harness.driver.advanceWallClockTime(Duration.ofMinutes(10));
            assertThat(harness.alerts.isEmpty()).isTrue();

            harness.send("live", Lines.intent("live", Lines.T0.plus(Duration.ofMinutes(15))));
            harness.driver.advanceWallClockTime(Duration.ofMinutes(6));
            assertThat(harness.alerts.readValuesToList()).extracting(Alert::type)
                    .containsExactly(AlertType.NO_EVENTS);
        }
    }
}
