package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation end to end over a real broker: the ledger_v1 fixture as the replay producer sends it, its
 * hand-written venue fills on the venue-fills topic, a 10 s reconciliation window; the API's answers (JSON and CSV,
 * per session and per venue) against fixtures/venue/ledger_v1.venue-fills.expected.json.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationApiTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path stateDir;

    private RunningNode node;
    private String base;
    private JsonNode expected;

    @BeforeAll
    void startAndSend() throws Exception {
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-recon-api-test",
                stateDir, Map.of("EXECTRACE_TOPIC_PARTITIONS", "3", "EXECTRACE_RECONCILIATION_WINDOW", "10s",
                        "EXECTRACE_RECONCILIATION_VENUES", "kraken"));
        node = RunningNode.start(config);
        base = node.base;
        final Path venueFolder = GoldenFixtures.folder().resolve("venue");
        expected = Json.MAPPER.readTree(venueFolder.resolve("ledger_v1.venue-fills.expected.json").toFile());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            new JsonlReplayer(producer, config.inputTopic(), 0)
                    .replay(List.of(GoldenFixtures.folder().resolve("ledger_v1.jsonl")), ReplayProgress.NONE);
            // Then the venue's fills, keyed by venue order id as produce writes them (null when none can be read).
            for (final String line : Files.readAllLines(venueFolder.resolve("ledger_v1.venue-fills.jsonl"))) {
                if (!line.isBlank()) {
                    producer.send(new ProducerRecord<>(config.venueFillsTopic(), venueOrderId(line),
                            line.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
        final long decisions = expected.path("fills").size() - 1L + expected.path("missing_at_venue").size();
        ApiHttpTest.eventually(() -> {
            final Http.Answer answer = Http.get(base + "/api/sessions/ledger_v1/reconciliation");
            return answer.status() == 200 && answer.json().path("decisions").asLong() == decisions;
        }, "every decision of ledger_v1");
    }

    private static String venueOrderId(final String line) {
        try {
            final JsonNode fill = Json.MAPPER.readTree(line);
            return fill.path("venue_order_id").isTextual() ? fill.path("venue_order_id").asText() : null;
        } catch (final java.io.IOException e) {
            return null;
        }
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void sessionAnswerHasTheHandWrittenResults() {
        final JsonNode answer = Http.get(base + "/api/sessions/ledger_v1/reconciliation").json();
        final Map<String, Long> expectedCounts = new TreeMap<>();
        for (final JsonNode fill : expected.path("fills")) {
            if (!fill.path("session").isNull()) {
                expectedCounts.merge(fill.path("result").asText(), 1L, Long::sum);
            }
        }
        expectedCounts.merge("missing_at_venue", (long) expected.path("missing_at_venue").size(), Long::sum);
        final Map<String, Long> counts = new TreeMap<>();
        answer.path("counts").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() > 0) {
                counts.put(e.getKey(), e.getValue().asLong());
            }
        });
        assertThat(counts).isEqualTo(expectedCounts);
        // Each difference of a venue fill carries the hand-written result for its trade id, with both sides' values.
        final Map<String, String> byTrade = new TreeMap<>();
        for (final JsonNode d : answer.path("differences")) {
            if (!d.path("venue").isNull()) {
                byTrade.put(d.path("venue").path("trade_id").asText(), d.path("result").asText());
            }
            if (d.path("result").asText().equals("qty_mismatch")) {
                assertThat(d.path("ours").path("qty").decimalValue()).isEqualByComparingTo("0.75");
                assertThat(d.path("venue").path("qty").decimalValue()).isEqualByComparingTo("0.8");
            }
            if (d.path("result").asText().equals("missing_at_venue")) {
                final JsonNode m = expected.path("missing_at_venue").get(0);
                assertThat(Instant.parse(d.path("ours").path("ts").asText()))
                        .isEqualTo(Instant.parse(m.path("ts").asText()));
                assertThat(d.path("ours").path("price").decimalValue())
                        .isEqualByComparingTo(m.path("price").decimalValue());
                assertThat(d.path("venue_order_id").asText()).isEqualTo(m.path("broker_order_id").asText());
            }
        }
        for (final JsonNode fill : expected.path("fills")) {
            final String result = fill.path("result").asText();
            if (!fill.path("session").isNull() && !result.equals("matched")) {
                assertThat(byTrade.get(fill.path("trade_id").asText())).as(fill.path("intent").asText())
                        .isEqualTo(result);
            }
        }
        assertThat(answer.path("lag").path("max_s").asDouble()).isGreaterThanOrEqualTo(10.0);
    }

    /** The session summary carries the same counts and lag as the reconciliation answer, and where the details are. */
    @Test
    void sessionSummaryHasAReconciliationSection() {
        final JsonNode full = Http.get(base + "/api/sessions/ledger_v1/reconciliation").json();
        final JsonNode section = Http.get(base + "/api/sessions/ledger_v1").json().path("reconciliation");
        assertThat(section.path("decisions").asLong()).isEqualTo(full.path("decisions").asLong()).isPositive();
        assertThat(section.path("counts")).isEqualTo(full.path("counts"));
        assertThat(section.path("lag")).isEqualTo(full.path("lag"));
        assertThat(section.path("details").asText()).isEqualTo("/api/sessions/ledger_v1/reconciliation");
        assertThat(section.path("counts").path("qty_mismatch").asLong()).isEqualTo(1);
    }

    /** The live page shows the panel: counts as the API's, one row per difference, values as text. */
    @Test
    void livePageShowsTheReconciliationPanel() throws Exception {
        assumeTrue(Files.isExecutable(CdpBrowser.CHROMIUM),
                "headless Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)");
        final JsonNode full = Http.get(base + "/api/sessions/ledger_v1/reconciliation").json();
        final int differences = full.path("differences").size();
        assertThat(differences).isPositive();
        try (CdpBrowser browser = CdpBrowser.launch()) {
            browser.open(base + "/live/execution/ledger_v1", 1400, 1000);
            browser.waitFor("!document.getElementById('reconciliation').hidden && document.querySelectorAll("
                    + "'#reconciliation-differences tbody tr').length === " + differences, Duration.ofSeconds(30));
            final String cards = browser.evaluate(
                    "Array.from(document.querySelectorAll('#reconciliation-figures .card')).map(function (c) {"
                            + " return c.querySelector('.label').textContent + '=' + c.querySelector('.value')"
                            + ".textContent; }).join(';')").asText();
            for (final String result : List.of("matched", "qty_mismatch", "price_mismatch", "fee_mismatch",
                    "missing_at_venue", "missing_in_ledger")) {
                assertThat(cards).contains(result.replace('_', ' ') + "=" + full.path("counts").path(result).asLong());
            }
            assertThat(browser.evaluate("document.querySelector('#reconciliation-differences tbody').textContent"
                    + ".includes('qty_mismatch')").asBoolean()).isTrue();
            assertThat(browser.evaluate("document.getElementById('csv-reconciliation').href").asText())
                    .endsWith("/api/sessions/ledger_v1/reconciliation?format=csv");
        }
    }

    @Test
    void csvHasOneRowPerDifference() {
        final Http.Answer answer = Http.get(base + "/api/sessions/ledger_v1/reconciliation?format=csv");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/csv");
        final List<CSVRecord> rows = answer.csv();
        final List<String> results = new ArrayList<>();
        rows.forEach(r -> results.add(r.get("result")));
        assertThat(results).containsExactlyInAnyOrder("fee_mismatch", "qty_mismatch", "price_mismatch",
                "missing_in_ledger", "missing_at_venue");
        final CSVRecord fee = rows.stream().filter(r -> r.get("result").equals("fee_mismatch")).findFirst()
                .orElseThrow();
        assertThat(fee.get("our_fee")).isEqualTo("59.81");
        assertThat(fee.get("venue_fee")).isEqualTo("59.95");
        assertThat(fee.get("venue_trade_id")).isEqualTo("THVRQM-33VKH-UCI7BS");
    }

    @Test
    void venueLevelListsTheFillOfNoOrderOfOurs() {
        ApiHttpTest.eventually(() -> Http.get(base + "/api/reconciliation").json().path("venues").size() == 1,
                "the venue-level fill");
        final JsonNode venue = Http.get(base + "/api/reconciliation").json().path("venues").get(0);
        assertThat(venue.path("venue").asText()).isEqualTo("kraken");
        assertThat(venue.path("missing_in_ledger").asInt()).isEqualTo(1);
        final JsonNode fill = venue.path("fills").get(0);
        assertThat(fill.path("venue_order_id").asText()).isEqualTo("OQCLML-BW3P3-BUCMWZ");
        assertThat(fill.path("venue").path("trade_id").asText()).isEqualTo("TQQFKA-7LMVW-3NMWQD");
        assertThat(fill.path("session_id").isNull()).isTrue();
    }

    @Test
    void readinessListsTheReconciliationStoresWhenReconciling() {
        final Http.Answer ready = Http.get(base + "/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("stores").path("session-reconciliation").asBoolean()).isTrue();
        assertThat(ready.json().path("stores").path("venue-unmatched").asBoolean()).isTrue();
    }

    @Test
    void unknownSessionAnswersZeroCounts() {
        final JsonNode answer = Http.get(base + "/api/sessions/no-such-session/reconciliation").json();
        assertThat(answer.path("decisions").asLong()).isZero();
        assertThat(answer.path("counts").path("matched").asLong()).isZero();
    }
}
