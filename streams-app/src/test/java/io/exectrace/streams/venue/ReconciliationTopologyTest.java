package io.exectrace.streams.venue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.streams.app.ExectraceTopology;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.deadletter.DlqHeaders;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The ledger_v1 fixture and its hand-written venue fills through the real topology: each venue fill's result and
 * the missing_at_venue fill against fixtures/venue/ledger_v1.venue-fills.expected.json, with the venue fills sent
 * after our events and before them; invalid venue fills to the venue dead-letter topic with their reasons.
 */
class ReconciliationTopologyTest {
    /** The fixtures' venue, reconciled (reconciliation is off unless a venue is listed). */
    private static final Map<String, String> KRAKEN_RECONCILED = Map.of("EXECTRACE_RECONCILIATION_VENUES", "Kraken");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "ledger_v1";

    @Test
    void venueFillsAfterOurs() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendLedger(harness);
            sendVenueFills(harness);
            assertNothingDecidedBeyondSettledPairs(harness);
            closeWindow(harness);
            assertAsExpected(harness);
        }
    }

    @Test
    void venueFillsBeforeOurs() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendVenueFills(harness);
            harness.driver.advanceWallClockTime(Duration.ofMinutes(1));
            sendLedger(harness);
            closeWindow(harness);
            assertAsExpected(harness);
        }
    }

    /**
     * The configured tolerances reach the stream: the fixture's fee mismatch is 0.14 (59.95 against 59.81) and its
     * price mismatch 5.5 (3110 against 3104.5), so at exactly those tolerances both are matched, and one hundredth
     * below them both stay mismatches.
     */
    @Test
    void configuredTolerancesDecideInTheStream() throws IOException {
        final SessionReconciliation lenient = decidedWith("0.14", "5.5");
        assertThat(lenient.count(ReconciliationResult.MATCHED)).isEqualTo(3);
        assertThat(lenient.count(ReconciliationResult.FEE_MISMATCH)).isZero();
        assertThat(lenient.count(ReconciliationResult.PRICE_MISMATCH)).isZero();
        assertThat(lenient.count(ReconciliationResult.QTY_MISMATCH)).isEqualTo(1);
        final SessionReconciliation justBelow = decidedWith("0.13", "5.49");
        assertThat(justBelow.count(ReconciliationResult.MATCHED)).isEqualTo(1);
        assertThat(justBelow.count(ReconciliationResult.FEE_MISMATCH)).isEqualTo(1);
        assertThat(justBelow.count(ReconciliationResult.PRICE_MISMATCH)).isEqualTo(1);
    }

    /** The fixture session's reconciliation, every decision made, with these fee and price tolerances. */
    private static SessionReconciliation decidedWith(final String feeTolerance, final String priceTolerance)
            throws IOException {
        try (TopologyHarness harness = new TopologyHarness(Map.of("EXECTRACE_RECONCILIATION_VENUES", "kraken",
                "EXECTRACE_RECONCILIATION_FEE_TOLERANCE", feeTolerance,
                "EXECTRACE_RECONCILIATION_PRICE_TOLERANCE", priceTolerance), 1, Lines.T0)) {
            sendLedger(harness);
            sendVenueFills(harness);
            closeWindow(harness);
            return sessions(harness).get(SESSION);
        }
    }

    /**
     * Session retention reaches the reconciliation stores: a session's reconciliation and the venue-level fills go
     * one retention after their latest decision, the orders one retention after their last record, and nothing
     * earlier.
     */
    @Test
    void reconciliationStoresKeepOneSessionRetention() throws IOException {
        final Map<String, String> shortRetention = Map.of("EXECTRACE_RECONCILIATION_VENUES", "kraken",
                "EXECTRACE_SESSION_RETENTION", "10m", "EXECTRACE_IDLE_TIMEOUT", "1m");
        try (TopologyHarness harness = new TopologyHarness(shortRetention, 1, Lines.T0)) {
            sendLedger(harness);
            sendVenueFills(harness);
            closeWindow(harness);       // window 5 m + 1 m: every decision made
            assertThat(sessions(harness)).containsKey(SESSION);
            assertThat(count(harness, Registry.VENUE_UNMATCHED.name())).isEqualTo(1);
            assertThat(count(harness, Registry.RECONCILIATION_ORDERS.name())).isPositive();
            assertThat(count(harness, Registry.RECONCILIATION_CLIENT_ORDERS.name())).isPositive();
            harness.driver.advanceWallClockTime(Duration.ofMinutes(8));    // 9 to 14 min after the decisions
            assertThat(sessions(harness)).containsKey(SESSION);
            assertThat(count(harness, Registry.VENUE_UNMATCHED.name())).isEqualTo(1);
            harness.driver.advanceWallClockTime(Duration.ofMinutes(3));
            assertThat(sessions(harness)).isEmpty();
            assertThat(count(harness, Registry.VENUE_UNMATCHED.name())).isZero();
            assertThat(count(harness, Registry.RECONCILIATION_ORDERS.name())).isZero();
            assertThat(count(harness, Registry.RECONCILIATION_CLIENT_ORDERS.name())).isZero();
        }
    }

    private static long count(final TopologyHarness harness, final String store) {
        final KeyValueStore<String, ?> kv = harness.driver.getKeyValueStore(store);
        long n = 0;
        try (KeyValueIterator<String, ?> all = kv.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    /**
     * A venue fill that echoes our c-0001 under another venue order id than the one our ack carried is another
     * order's (fixtures/README.md, "Which order"): the client-order-id fallback leaves it at venue level even though
     * our c-0001 was live at its time.
     */
    @Test
    void theFallbackNeverPicksAnOrderTheVenueNamesByItsBrokerOrderId() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendLedger(harness);
            sendVenueFills(harness);
            final TestInputTopic<byte[], byte[]> topic = harness.driver.createInputTopic(
                    Registry.topics(harness.config).venueFills().name(), Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer());
            topic.pipeInput(new TestRecord<>(null, ("{\"ts\": \"2025-12-20T14:00:00.500Z\", \"venue\": \"kraken\", "
                    + "\"venue_order_id\": \"OOTHER-00000-000001\", \"client_order_id\": \"c-0001\", "
                    + "\"trade_id\": \"TOTHER-00000-000001\", \"symbol\": \"BTC-EUR\", \"side\": \"buy\", "
                    + "\"qty\": 0.125, \"price\": 92015.0, \"fee\": 29.9, \"fee_currency\": \"EUR\"}")
                    .getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Lines.T0));
            for (int i = 0; i < 3; i++) {
                closeWindow(harness);       // both stages' windows
            }
            assertAsExpected(harness, List.of("TOTHER-00000-000001"));
        }
    }

    @Test
    void withNoVenueListedTheTopologyHasNoReconciliation() throws IOException {
        // The default: a deployment that feeds no venue fills must neither see every fill of ours missing_at_venue
        // nor pay for idle reconciliation tasks (polled, committed, punctuated: ~18 % CPU per record in bench e2e).
        try (TopologyHarness harness = new TopologyHarness(Map.of(), 1, Lines.T0)) {
            final TopologyDescription described = ExectraceTopology.build(harness.config, 1).describe();
            final List<String> nodes = new ArrayList<>();
            final List<String> stores = new ArrayList<>();
            final List<String> topics = new ArrayList<>();
            for (final TopologyDescription.Subtopology sub : described.subtopologies()) {
                for (final TopologyDescription.Node node : sub.nodes()) {
                    nodes.add(node.name());
                    if (node instanceof TopologyDescription.Processor processor) {
                        stores.addAll(processor.stores());
                    }
                    if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                        topics.addAll(source.topicSet());
                    }
                }
            }
            assertThat(nodes).isNotEmpty().doesNotContain("venue-fills-source", "parse-venue-fills", "reconcile",
                    "record-reconciliation", "record-venue-level");
            assertThat(nodes).noneMatch(name -> name.contains("reconcil") || name.contains("venue"));
            assertThat(stores).contains("session-timeline").doesNotContain("reconciliation-orders",
                    "reconciliation-client-orders", "session-reconciliation", "venue-unmatched");
            assertThat(topics).contains("execution-events").doesNotContain("venue-fills")
                    .noneMatch(topic -> topic.contains("reconciliation-"));
            sendLedger(harness);
            closeWindow(harness);
            assertThat(harness.driver.getAllStateStores()).doesNotContainKeys("reconciliation-orders",
                    "session-reconciliation", "venue-unmatched");
            assertThat(harness.driver.producedTopicNames()).noneMatch(topic -> topic.contains("reconciliation-"));
        }
    }

    @Test
    void aListedVenueWithoutFillsOfOursReconcilesNothingOfOurs() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(
                Map.of("EXECTRACE_RECONCILIATION_VENUES", "binance"), 1, Lines.T0)) {
            sendLedger(harness);
            sendVenueFills(harness);
            closeWindow(harness);
            assertThat(sessions(harness)).isEmpty();
        }
    }

    @Test
    void invalidVenueFillsAreDeadLetteredWithTheirReasons() throws IOException {
        try (TopologyHarness harness = new TopologyHarness(KRAKEN_RECONCILED, 1, Lines.T0)) {
            sendVenueFills(harness);
            final Registry.Topics topics = Registry.topics(harness.config);
            final TestOutputTopic<byte[], byte[]> dlq = harness.driver.createOutputTopic(
                    topics.venueFillsDeadLetters().name(), Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer());
            final List<String> reasons = new ArrayList<>();
            final List<String> raw = new ArrayList<>();
            for (final TestRecord<byte[], byte[]> r : dlq.readRecordsToList()) {
                reasons.add(DlqHeaders.text(r.headers(), DlqHeaders.REASON));
                raw.add(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(DlqHeaders.text(r.headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("venue-fills");
            }
            final List<String> expected = new ArrayList<>();
            expected().path("invalid_entries").forEach(e -> expected.add(e.path("reason").asText().toLowerCase()));
            assertThat(reasons).isEqualTo(expected);
            final List<String> lines = venueLines();
            final List<String> expectedRaw = new ArrayList<>();
            expected().path("invalid_entries").forEach(e -> expectedRaw.add(lines.get(e.path("line").asInt() - 1)));
            assertThat(raw).as("byte for byte").isEqualTo(expectedRaw);
        }
    }

    private static void closeWindow(final TopologyHarness harness) {
        harness.driver.advanceWallClockTime(harness.config.reconciliationWindow().plusMinutes(1));
    }

    /** Before the window closes only the certain pairs (same quantity and price) are decided. */
    private static void assertNothingDecidedBeyondSettledPairs(final TopologyHarness harness) {
        final SessionReconciliation now = sessions(harness).get(SESSION);
        assertThat(now).isNotNull();
        assertThat(now.count(ReconciliationResult.MATCHED)).isEqualTo(1);
        assertThat(now.count(ReconciliationResult.FEE_MISMATCH)).isEqualTo(1);
        assertThat(now.decisions()).isEqualTo(2);
    }

    private static void assertAsExpected(final TopologyHarness harness) throws IOException {
        assertAsExpected(harness, List.of());
    }

    /** As the expected file says, with {@code moreAtVenueLevel} added at venue level. */
    private static void assertAsExpected(final TopologyHarness harness, final List<String> moreAtVenueLevel)
            throws IOException {
        final JsonNode expected = expected();
        final SessionReconciliation session = sessions(harness).get(SESSION);
        assertThat(session).isNotNull();
        // Per venue fill of the session: its trade id's decision has the hand-written result.
        final Map<String, String> expectedByTradeId = new HashMap<>();
        final List<String> venueLevel = new ArrayList<>();
        for (final JsonNode fill : expected.path("fills")) {
            if (fill.path("session").isNull()) {
                venueLevel.add(fill.path("trade_id").asText());
            } else {
                expectedByTradeId.put(fill.path("trade_id").asText(), fill.path("result").asText());
            }
        }
        final Map<String, String> actualByTradeId = new HashMap<>();
        for (final FillDecision d : session.differences()) {
            if (d.venue() != null) {
                actualByTradeId.put(d.venue().tradeId(), d.result().label());
            }
        }
        expectedByTradeId.forEach((tradeId, result) -> {
            if (!result.equals("matched")) {
                assertThat(actualByTradeId.get(tradeId)).as("result of venue trade " + tradeId).isEqualTo(result);
            }
        });
        assertThat(session.count(ReconciliationResult.MATCHED)).isEqualTo(
                expectedByTradeId.values().stream().filter("matched"::equals).count());
        // The fixture's missing_at_venue fill: ours, with its values.
        final JsonNode missing = expected.path("missing_at_venue").get(0);
        final List<FillDecision> missingAtVenue = session.differences().stream()
                .filter(d -> d.result() == ReconciliationResult.MISSING_AT_VENUE).toList();
        assertThat(missingAtVenue).hasSize(1);
        final FillDecision m = missingAtVenue.get(0);
        assertThat(m.ours().quantity()).isEqualByComparingTo(new BigDecimal(missing.path("qty").asText()));
        assertThat(m.ours().price()).isEqualByComparingTo(new BigDecimal(missing.path("price").asText()));
        assertThat(m.ours().fee()).isEqualByComparingTo(new BigDecimal(missing.path("fee").asText()));
        assertThat(m.clientOrderId()).isEqualTo(missing.path("client_order_id").asText());
        assertThat(m.venueOrderId()).isEqualTo(missing.path("broker_order_id").asText());
        assertThat(m.lagMillis()).isGreaterThanOrEqualTo(harness.config.reconciliationWindow().toMillis());
        // Counts: one per venue fill of the session plus the missing_at_venue one.
        assertThat(session.decisions()).isEqualTo(expectedByTradeId.size() + 1L);
        // The price_mismatch has both sides' values.
        final FillDecision price = session.differences().stream()
                .filter(d -> d.result() == ReconciliationResult.PRICE_MISMATCH).findFirst().orElseThrow();
        assertThat(price.ours().price()).isEqualByComparingTo("3104.5");
        assertThat(price.venue().price()).isEqualTo(3110.0);
        // Venue level: the fill of an order that is not ours.
        final KeyValueStore<String, FillDecision> venue = harness.driver.getKeyValueStore(
                Registry.VENUE_UNMATCHED.name());
        final List<String> venueTradeIds = new ArrayList<>();
        try (KeyValueIterator<String, FillDecision> all = venue.range(VenueLevelRecorder.from("kraken"),
                VenueLevelRecorder.to("kraken"))) {
            all.forEachRemaining(kv -> {
                assertThat(kv.value.result()).isEqualTo(ReconciliationResult.MISSING_IN_LEDGER);
                assertThat(kv.value.sessionId()).isNull();
                venueTradeIds.add(kv.value.venue().tradeId());
            });
        }
        final List<String> wantVenueLevel = new ArrayList<>(venueLevel);
        wantVenueLevel.addAll(moreAtVenueLevel);
        assertThat(venueTradeIds).containsExactlyInAnyOrderElementsOf(wantVenueLevel);
        // The metric counts each decision once.
        assertThat(harness.metrics.registry().find("peak_trade.reconciliation").tag("result", "missing_in_ledger")
                .counters().stream().mapToDouble(c -> c.count()).sum()).isEqualTo(2.0 + moreAtVenueLevel.size());
    }

    private static Map<String, SessionReconciliation> sessions(final TopologyHarness harness) {
        final KeyValueStore<String, SessionReconciliation> store = harness.driver.getKeyValueStore(
                Registry.SESSION_RECONCILIATION.name());
        final Map<String, SessionReconciliation> all = new HashMap<>();
        try (KeyValueIterator<String, SessionReconciliation> it = store.all()) {
            it.forEachRemaining((KeyValue<String, SessionReconciliation> kv) -> all.put(kv.key, kv.value));
        }
        return all;
    }

    private static void sendLedger(final TopologyHarness harness) throws IOException {
        for (final String line : Files.readAllLines(GoldenFixtures.folder().resolve("ledger_v1.jsonl"))) {
            if (!line.isBlank()) {
                harness.send(SESSION, line, Lines.T0);
            }
        }
    }

    private static void sendVenueFills(final TopologyHarness harness) throws IOException {
        final TestInputTopic<byte[], byte[]> topic = harness.driver.createInputTopic(
                Registry.topics(harness.config).venueFills().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        for (final String line : venueLines()) {
            if (!line.isBlank()) {
                topic.pipeInput(new TestRecord<>(null, line.getBytes(StandardCharsets.UTF_8), new RecordHeaders(),
                        Lines.T0));
            }
        }
    }

    private static List<String> venueLines() throws IOException {
        return Files.readAllLines(venueFolder().resolve("ledger_v1.venue-fills.jsonl"));
    }

    private static JsonNode expected() throws IOException {
        return JSON.readTree(venueFolder().resolve("ledger_v1.venue-fills.expected.json").toFile());
    }

    private static Path venueFolder() {
        return GoldenFixtures.folder().resolve("venue");
    }
}
