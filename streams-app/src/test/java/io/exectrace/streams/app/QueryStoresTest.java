package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.health.Alert;
import io.exectrace.streams.health.AlertType;
import io.exectrace.streams.testing.TopologyHarness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

/**
 * The stores kept for the query API: every closed chain lands in {@code session-chains} under its session in
 * close-time order, and every alert in {@code session-alerts}, equal to what the output topics carry.
 */
class QueryStoresTest {

    @Test
    void everyClosedChainAndAlertIsQueryableUnderItsSession() {
        try (TopologyHarness harness = new TopologyHarness()) {
            final List<GoldenFixture> fixtures = GoldenFixtures.all();
            for (final GoldenFixture fixture : fixtures) {
                GoldenFixtureTopologyTest.replay(harness, fixture, fixture.lines());
            }
            harness.closeIdleSessions();
            final List<ClosedChain> published = harness.chains.readValuesToList();
            final List<Alert> alerts = harness.alerts.readValuesToList();
            final WindowStore<String, ClosedChain> chainStore =
                    harness.driver.getWindowStore(Registry.SESSION_CHAINS.name());
            final WindowStore<String, Alert> alertStore =
                    harness.driver.getWindowStore(Registry.SESSION_ALERTS.name());
            long stored = 0;
            for (final GoldenFixture fixture : fixtures) {
                for (final Expected.Session session : fixture.expected().sessions()) {
                    final List<ClosedChain> chains = new ArrayList<>();
                    final List<Long> times = new ArrayList<>();
                    try (WindowStoreIterator<ClosedChain> it = chainStore.fetch(session.sessionId(), Instant.EPOCH,
                            Instant.ofEpochMilli(Long.MAX_VALUE))) {
                        while (it.hasNext()) {
                            final KeyValue<Long, ClosedChain> next = it.next();
                            chains.add(next.value);
                            times.add(next.key);
                        }
                    }
                    assertThat(chains).as(session.sessionId()).hasSize(session.chains().size())
                            .containsExactlyInAnyOrderElementsOf(published.stream()
                                    .filter(c -> c.sessionId().equals(session.sessionId())).toList());
                    assertThat(times).isSorted();
                    stored += chains.size();

                    final List<Alert> storedAlerts = new ArrayList<>();
                    try (WindowStoreIterator<Alert> it = alertStore.fetch(session.sessionId(), Instant.EPOCH,
                            Instant.ofEpochMilli(Long.MAX_VALUE))) {
                        it.forEachRemaining(kv -> storedAlerts.add(kv.value));
                    }
                    assertThat(storedAlerts).containsExactlyInAnyOrderElementsOf(alerts.stream()
                            .filter(a -> a.sessionId().equals(session.sessionId())).toList());
                }
            }
            assertThat(stored).isEqualTo(published.size());
            // The bad-lines fixture has a missing fill: its alert is kept.
            assertThat(alerts).anyMatch(a -> a.type() == AlertType.MISSING_FILL
                    && a.sessionId().equals("golden_session_bad_lines"));
        }
    }
}
