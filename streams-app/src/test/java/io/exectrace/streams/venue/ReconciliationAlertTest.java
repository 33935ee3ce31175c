package io.exectrace.streams.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.health.Alert;
import io.exectrace.streams.health.AlertType;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * the ledger_v1 fixture (its fills disagree with fixtures/venue/ledger_v1.venue-fills.jsonl five times, all in
 * the minute 14:00 of 2025-12-20) sent as a live session raises one {@code reconciliation_mismatch} alert, on the
 * alerts topic and in the alerts store; as a paper session none, though the metric counts; a matched fill none.
 */
class ReconciliationAlertTest {
    private static final Map<String, String> KRAKEN_RECONCILED = Map.of("EXECTRACE_RECONCILIATION_VENUES", "Kraken");
    private static final String SESSION = "ledger_v1";
    /** Line 2 of the venue fills: c-0001's second fill, equal to ours (ledger line 6). */
    private static final int MATCHED_VENUE_LINE = 2;

    @Test
    void aLiveSessionsDifferencesRaiseOneAlertForTheirMinute() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendLedger(harness, "live");
            sendVenueFills(harness, List.of());
            closeWindow(harness);

            assertThat(sessionReconciliation(harness).count(ReconciliationResult.MATCHED)).isEqualTo(1);
            assertThat(sessionReconciliation(harness).differences()).hasSize(5);
            final List<Alert> alerts = reconciliationAlerts(harness);
            assertThat(alerts).hasSize(1);
            final Alert alert = alerts.get(0);
            // The first difference decided: c-0001's first fill, as the venue reports it a fee of 59.95, ours 59.81;
            // its time is the earlier side's, the venue's 14:00:00.398100.
            assertThat(alert.sessionId()).isEqualTo(SESSION);
            assertThat(alert.mode()).isEqualTo("live");
            assertThat(alert.severity()).isEqualTo(AlertType.Severity.P1);
            assertThat(alert.eventTimeMillis()).isEqualTo(Instant.parse("2025-12-20T14:00:00.398Z").toEpochMilli());
            assertThat(alert.windowStartMillis()).isEqualTo(Instant.parse("2025-12-20T14:00:00Z").toEpochMilli());
            assertThat(alert.windowEndMillis()).isEqualTo(Instant.parse("2025-12-20T14:01:00Z").toEpochMilli());
            assertThat(alert.value()).isEqualTo(1.0);
            assertThat(alert.unit()).isEqualTo("count");
            assertThat(alert.wallClockDetectedAtMillis()).isEqualTo(Lines.T0.toEpochMilli());
            assertThat(alert.detail()).isEqualTo("fee_mismatch on order OUF4EM-FRGI2-MQMWZD (client order c-0001) at "
                    + "kraken, venue trade THVRQM-33VKH-UCI7BS: ours qty 0.25 price 92010 fee 59.81, venue's qty 0.25 "
                    + "price 92010 fee 59.95; all of the session's differences: "
                    + "GET /api/sessions/ledger_v1/reconciliation");
            // The API's /api/alerts reads the same alert from the alerts store.
            final WindowStore<String, Alert> store = harness.driver.getWindowStore(Registry.SESSION_ALERTS.name());
            final List<Alert> stored = new ArrayList<>();
            try (WindowStoreIterator<Alert> it = store.fetch(SESSION, Instant.EPOCH, Instant.ofEpochMilli(
                    Long.MAX_VALUE))) {
                it.forEachRemaining(kv -> stored.add(kv.value));
            }
            assertThat(stored).filteredOn(a -> a.type() == AlertType.RECONCILIATION_MISMATCH).containsExactly(alert);
        }
    }

    @Test
    void aPaperSessionsDifferencesAreCountedNotAlerted() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendLedger(harness, "paper");
            sendVenueFills(harness, List.of());
            closeWindow(harness);

            assertThat(sessionReconciliation(harness).differences()).hasSize(5);
            assertThat(reconciliationAlerts(harness)).isEmpty();
            assertThat(harness.metrics.registry().find("peak_trade.reconciliation").tag("mode", "paper")
                    .tag("result", "qty_mismatch").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void aMatchedFillRaisesNoAlert() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendLedger(harness, "live");
            // Only the matching venue fill, and the window left open: the one certain pair is decided, nothing else.
            sendVenueFills(harness, List.of(MATCHED_VENUE_LINE));

            final SessionReconciliation session = sessionReconciliation(harness);
            assertThat(session.decisions()).isEqualTo(1);
            assertThat(session.count(ReconciliationResult.MATCHED)).isEqualTo(1);
            assertThat(reconciliationAlerts(harness)).isEmpty();
        }
    }

    private static List<Alert> reconciliationAlerts(final TopologyHarness harness) {
        return harness.alerts.readValuesToList().stream()
                .filter(a -> a.type() == AlertType.RECONCILIATION_MISMATCH).toList();
    }

    private static SessionReconciliation sessionReconciliation(final TopologyHarness harness) {
        final KeyValueStore<String, SessionReconciliation> store = harness.driver.getKeyValueStore(
                Registry.SESSION_RECONCILIATION.name());
        return store.get(SESSION);
    }

    private static void closeWindow(final TopologyHarness harness) {
        harness.driver.advanceWallClockTime(harness.config.reconciliationWindow().plusMinutes(1));
    }

    /** The ledger fixture (mode shadow) as a session of {@code mode}. */
    private static void sendLedger(final TopologyHarness harness, final String mode) throws IOException {
        for (final String line : Files.readAllLines(GoldenFixtures.folder().resolve("ledger_v1.jsonl"))) {
            if (!line.isBlank()) {
                harness.send(SESSION, line.replace("\"mode\":\"shadow\"", "\"mode\":\"" + mode + "\""), Lines.T0);
            }
        }
    }

    /** The venue fills of the fixture, all lines or only those numbered in {@code onlyLines} (from 1). */
    private static void sendVenueFills(final TopologyHarness harness, final List<Integer> onlyLines)
            throws IOException {
        final TestInputTopic<byte[], byte[]> topic = harness.driver.createInputTopic(
                Registry.topics(harness.config).venueFills().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        final List<String> lines = Files.readAllLines(venueFolder().resolve("ledger_v1.venue-fills.jsonl"));
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank() && (onlyLines.isEmpty() || onlyLines.contains(i + 1))) {
                topic.pipeInput(new TestRecord<>(null, lines.get(i).getBytes(StandardCharsets.UTF_8),
                        new RecordHeaders(), Lines.T0));
            }
        }
    }

    private static Path venueFolder() {
        return GoldenFixtures.folder().resolve("venue");
    }
}
