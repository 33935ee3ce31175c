package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.streams.config.ExectraceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client-order-id fallback end to end over a real broker: {@code venue/client_order_ids.jsonl} (two live
 * Peak_Trade runs reusing client order ids, no venue order ids on our side) as the replay producer sends it, its
 * venue fills on the venue-fills topic, a 5 s window; the API's per-session and venue-level answers against the
 * hand-written {@code client_order_ids.venue-fills.expected.json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientOrderReconciliationApiTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path stateDir;

    private RunningNode node;
    private String base;
    private JsonNode expected;
    private final Map<String, Map<String, Long>> expectedCounts = new TreeMap<>();
    private final List<String> expectedVenueLevel = new ArrayList<>();

    @BeforeAll
    void startAndSend() throws Exception {
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-client-order-api-test",
                stateDir, Map.of("EXECTRACE_TOPIC_PARTITIONS", "3", "EXECTRACE_RECONCILIATION_WINDOW", "5s",
                        "EXECTRACE_RECONCILIATION_VENUES", "kraken"));
        node = RunningNode.start(config);
        base = node.base;
        ApiHttpTest.eventually(() -> Http.get(base + "/ready").status() == 200, "ready");
        final Path venueFolder = GoldenFixtures.folder().resolve("venue");
        expected = Json.MAPPER.readTree(venueFolder.resolve("client_order_ids.venue-fills.expected.json").toFile());
        for (final JsonNode fill : expected.path("fills")) {
            if (fill.path("session").isNull()) {
                expectedVenueLevel.add(fill.path("trade_id").asText());
            } else {
                expectedCounts.computeIfAbsent(fill.path("session").asText(), k -> new TreeMap<>())
                        .merge(fill.path("result").asText(), 1L, Long::sum);
            }
        }
        for (final JsonNode missing : expected.path("missing_at_venue")) {
            expectedCounts.computeIfAbsent(missing.path("session").asText(), k -> new TreeMap<>())
                    .merge("missing_at_venue", 1L, Long::sum);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            new JsonlReplayer(producer, config.inputTopic(), 0)
                    .replay(List.of(venueFolder.resolve("client_order_ids.jsonl")), ReplayProgress.NONE);
            for (final String line : Files.readAllLines(venueFolder.resolve("client_order_ids.venue-fills.jsonl"))) {
                if (!line.isBlank()) {
                    final String venueOrderId = Json.MAPPER.readTree(line).path("venue_order_id").asText();
                    producer.send(new ProducerRecord<>(config.venueFillsTopic(), venueOrderId,
                            line.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
        // Two windows for the fallback, checked every second.
        ApiHttpTest.eventually(() -> expectedCounts.entrySet().stream().allMatch(e -> counts(e.getKey())
                .equals(e.getValue())) && venueLevelTrades().size() >= expectedVenueLevel.size(),
                "every decision of both runs");
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void eachRunHasTheHandWrittenCounts() {
        expectedCounts.forEach((session, counts) -> assertThat(counts(session)).as(session).isEqualTo(counts));
    }

    @Test
    void differencesFoundByClientOrderIdCarryBothSides() {
        final Map<String, JsonNode> byTrade = new TreeMap<>();
        JsonNode missingAtVenue = null;
        for (final String session : expectedCounts.keySet()) {
            for (final JsonNode d : Http.get(base + "/api/sessions/" + session + "/reconciliation").json()
                    .path("differences")) {
                if (d.path("venue").isNull()) {
                    missingAtVenue = d;
                } else {
                    byTrade.put(d.path("venue").path("trade_id").asText(), d);
                }
            }
        }
        for (final JsonNode fill : expected.path("fills")) {
            final String result = fill.path("result").asText();
            if (!fill.path("session").isNull() && !result.equals("matched")) {
                final JsonNode d = byTrade.get(fill.path("trade_id").asText());
                assertThat(d).as(fill.path("trade_id").asText()).isNotNull();
                assertThat(d.path("result").asText()).isEqualTo(result);
                assertThat(d.path("session_id").asText()).isEqualTo(fill.path("session").asText());
                assertThat(d.path("client_order_id").asText()).isEqualTo(fill.path("client_order_id").asText());
                assertThat(d.path("venue_order_id").asText()).isEqualTo(fill.path("venue_order_id").asText());
            }
        }
        final JsonNode want = expected.path("missing_at_venue").get(0);
        assertThat(missingAtVenue).isNotNull();
        assertThat(missingAtVenue.path("client_order_id").asText()).isEqualTo(want.path("client_order_id").asText());
        assertThat(missingAtVenue.path("venue_order_id").isNull()).isTrue();
        assertThat(missingAtVenue.path("ours").path("qty").decimalValue())
                .isEqualByComparingTo(want.path("qty").decimalValue());
    }

    @Test
    void fillsOfNoLiveOrderAreListedAtVenueLevel() {
        assertThat(venueLevelTrades()).containsExactlyInAnyOrderElementsOf(expectedVenueLevel);
    }

    private Map<String, Long> counts(final String session) {
        final Map<String, Long> counts = new TreeMap<>();
        final Http.Answer answer = Http.get(base + "/api/sessions/" + session + "/reconciliation");
        if (answer.status() == 200) {
            answer.json().path("counts").fields().forEachRemaining(e -> {
                if (e.getValue().asLong() > 0) {
                    counts.put(e.getKey(), e.getValue().asLong());
                }
            });
        }
        return counts;
    }

    private List<String> venueLevelTrades() {
        final List<String> trades = new ArrayList<>();
        for (final JsonNode venue : Http.get(base + "/api/reconciliation").json().path("venues")) {
            venue.path("fills").forEach(f -> trades.add(f.path("venue").path("trade_id").asText()));
        }
        return trades;
    }
}
