package io.exectrace.streams.venue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The client-order-id fallback in the stream: {@code venue/client_order_ids.jsonl} (two Peak_Trade runs that both
 * number their orders from c-0001, no venue order ids on our side) against its venue fills, each found by client
 * order id and time, with the results of the hand-written {@code client_order_ids.venue-fills.expected.json}
 * (the viewer's, {@code ViewReconcileTest}), whether our events arrive before the venue's, within their window, or
 * only after the venue fills have been handed on to the fallback.
 */
class ClientOrderFallbackTopologyTest {
    private static final Map<String, String> KRAKEN_RECONCILED = Map.of("EXECTRACE_RECONCILIATION_VENUES", "kraken");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STEM = "client_order_ids";

    @Test
    void oursFirst() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendOurs(harness);
            sendVenueFills(harness);
            closeEverything(harness);
            assertAsExpected(harness);
        }
    }

    @Test
    void venueFillsFirstOursWithinTheWindow() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendVenueFills(harness);
            harness.driver.advanceWallClockTime(Duration.ofMinutes(2));
            sendOurs(harness);
            closeEverything(harness);
            assertAsExpected(harness);
        }
    }

    @Test
    void oursOnlyAfterTheVenueFillsWereHandedOn() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendVenueFills(harness);
            // The first stage's window passes: the venue fills wait under their client order ids.
            harness.driver.advanceWallClockTime(harness.config.reconciliationWindow().plusMinutes(1));
            assertThat(sessions(harness)).isEmpty();
            assertThat(venueLevel(harness)).isEmpty();
            sendOurs(harness);
            closeEverything(harness);
            assertAsExpected(harness);
        }
    }

    @Test
    void ourFillsWaitTwoWindowsForAVenueFillThatComesByClientOrderId() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendOurs(harness);
            harness.driver.advanceWallClockTime(harness.config.reconciliationWindow().plusMinutes(1));
            assertThat(sessions(harness)).isEmpty();
            harness.driver.advanceWallClockTime(harness.config.reconciliationWindow());
            // Two windows and a minute: with no venue fill, each of our four fills is missing at the venue.
            assertThat(sessions(harness).get("run_morning").count(ReconciliationResult.MISSING_AT_VENUE))
                    .isEqualTo(2);
            assertThat(sessions(harness).get("run_evening").count(ReconciliationResult.MISSING_AT_VENUE))
                    .isEqualTo(2);
        }
    }

    @Test
    void ordersThatNameNoVenueAreReconciledInLiveModeOnly() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            // The same runs in paper mode: never at a venue, so nothing of ours is reconciled and every venue fill
            // is of no order of ours.
            for (final String line : Files.readAllLines(venueFolder().resolve(STEM + ".jsonl"))) {
                if (!line.isBlank()) {
                    harness.send(JSON.readTree(line).path("session_id").asText(),
                            line.replace("\"mode\": \"live\"", "\"mode\": \"paper\""), Lines.T0);
                }
            }
            sendVenueFills(harness);
            closeEverything(harness);
            assertThat(sessions(harness)).isEmpty();
            assertThat(venueLevel(harness)).hasSize(6);
        }
    }

    private static void closeEverything(final TopologyHarness harness) {
        // First stage one window, the fallback two (from the fills' first arrival), checked every 30 s.
        for (int i = 0; i < 4; i++) {
            harness.driver.advanceWallClockTime(harness.config.reconciliationWindow().dividedBy(2).plusMinutes(1));
        }
    }

    private static void assertAsExpected(final TopologyHarness harness) throws IOException {
        final JsonNode expected = JSON.readTree(venueFolder().resolve(STEM + ".venue-fills.expected.json").toFile());
        final Map<String, SessionReconciliation> sessions = sessions(harness);
        final Map<String, Map<String, Long>> counts = new TreeMap<>();
        final Map<String, Map<String, Long>> wantCounts = new TreeMap<>();
        sessions.forEach((id, s) -> {
            final Map<String, Long> byResult = new TreeMap<>();
            for (final ReconciliationResult r : ReconciliationResult.values()) {
                if (s.count(r) > 0) {
                    byResult.put(r.label(), s.count(r));
                }
            }
            counts.put(id, byResult);
        });
        final Map<String, String> sessionOfTrade = new HashMap<>();
        final Map<String, String> resultOfTrade = new HashMap<>();
        for (final SessionReconciliation s : sessions.values()) {
            for (final FillDecision d : s.differences()) {
                if (d.venue() != null) {
                    sessionOfTrade.put(d.venue().tradeId(), d.sessionId());
                    resultOfTrade.put(d.venue().tradeId(), d.result().label());
                }
            }
        }
        final List<String> venueTrades = new ArrayList<>();
        for (final FillDecision d : venueLevel(harness)) {
            assertThat(d.result()).isEqualTo(ReconciliationResult.MISSING_IN_LEDGER);
            venueTrades.add(d.venue().tradeId());
        }
        final List<String> wantVenueTrades = new ArrayList<>();
        for (final JsonNode fill : expected.path("fills")) {
            final String tradeId = fill.path("trade_id").asText();
            final String result = fill.path("result").asText();
            if (fill.path("session").isNull()) {
                wantVenueTrades.add(tradeId);
                continue;
            }
            final String session = fill.path("session").asText();
            wantCounts.computeIfAbsent(session, k -> new TreeMap<>()).merge(result, 1L, Long::sum);
            if (!result.equals("matched")) {     // matched fills are counted, not kept
                assertThat(sessionOfTrade.get(tradeId)).as(tradeId).isEqualTo(session);
                assertThat(resultOfTrade.get(tradeId)).as(tradeId).isEqualTo(result);
            }
        }
        for (final JsonNode missing : expected.path("missing_at_venue")) {
            final String session = missing.path("session").asText();
            wantCounts.computeIfAbsent(session, k -> new TreeMap<>()).merge("missing_at_venue", 1L, Long::sum);
            final FillDecision m = sessions.get(session).differences().stream()
                    .filter(d -> d.result() == ReconciliationResult.MISSING_AT_VENUE).findFirst().orElseThrow();
            assertThat(m.clientOrderId()).isEqualTo(missing.path("client_order_id").asText());
            assertThat(m.venueOrderId()).isNull();
            assertThat(m.ours().quantity()).isEqualByComparingTo(new BigDecimal(missing.path("qty").asText()));
            assertThat(m.ours().fee()).isEqualByComparingTo(new BigDecimal(missing.path("fee").asText()));
        }
        assertThat(counts).isEqualTo(wantCounts);
        assertThat(venueTrades).containsExactlyInAnyOrderElementsOf(wantVenueTrades);
        // Each decision counted once: a venue fill handed on to the fallback is not counted on the way.
        assertThat(harness.metrics.registry().find("peak_trade.reconciliation").tag("result", "missing_in_ledger")
                .counters().stream().mapToDouble(c -> c.count()).sum()).isEqualTo(3.0);
        assertThat(harness.metrics.registry().find("peak_trade.reconciliation").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(7.0);
    }

    private static Map<String, SessionReconciliation> sessions(final TopologyHarness harness) {
        final KeyValueStore<String, SessionReconciliation> store = harness.driver.getKeyValueStore(
                Registry.SESSION_RECONCILIATION.name());
        final Map<String, SessionReconciliation> all = new TreeMap<>();
        try (KeyValueIterator<String, SessionReconciliation> it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    private static List<FillDecision> venueLevel(final TopologyHarness harness) {
        final KeyValueStore<String, FillDecision> store = harness.driver.getKeyValueStore(
                Registry.VENUE_UNMATCHED.name());
        final List<FillDecision> all = new ArrayList<>();
        try (KeyValueIterator<String, FillDecision> it = store.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    private static void sendOurs(final TopologyHarness harness) throws IOException {
        for (final String line : Files.readAllLines(venueFolder().resolve(STEM + ".jsonl"))) {
            if (!line.isBlank()) {
                harness.send(JSON.readTree(line).path("session_id").asText(), line, Lines.T0);
            }
        }
    }

    private static void sendVenueFills(final TopologyHarness harness) throws IOException {
        final TestInputTopic<byte[], byte[]> topic = harness.driver.createInputTopic(
                Registry.topics(harness.config).venueFills().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        for (final String line : Files.readAllLines(venueFolder().resolve(STEM + ".venue-fills.jsonl"))) {
            if (!line.isBlank()) {
                topic.pipeInput(new TestRecord<>(null, line.getBytes(StandardCharsets.UTF_8), new RecordHeaders(),
                        Lines.T0));
            }
        }
    }

    private static Path venueFolder() {
        return GoldenFixtures.folder().resolve("venue");
    }
}
