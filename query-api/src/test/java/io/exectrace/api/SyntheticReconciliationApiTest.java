package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.VenueFill;
import io.exectrace.events.VenueFillEntry;
import io.exectrace.events.VenueFillJson;
import io.exectrace.events.VenueFillResult;
import io.exectrace.events.VenueSymbols;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.producer.SyntheticVenueFills;
import io.exectrace.producer.VenueFillFile;
import io.exectrace.producer.VenueFillFormat;
import io.exectrace.streams.config.ExectraceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciliation of a seeded synthetic run end to end over a real broker: the generator's events (both dialects,
 * late, duplicated and invalid lines) and the venue fills it wrote (30 % of the orders with an injected difference,
 * every kind present), read back from their file, sent alongside as a live venue would send them; reconciliation on
 * for the three venues with a 10 s window. Every session's counts from {@code GET /api/sessions/{id}/reconciliation}
 * and the venue-level list of {@code GET /api/reconciliation} equal the generator's expected counts exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheticReconciliationApiTest {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticReconciliationApiTest.class);
    private static final SynthSettings SETTINGS = SynthSettings
            .defaults(11, Instant.parse("2025-12-20T10:00:00Z").getEpochSecond() * 1_000_000L)
            .withSessions(10).withMaxLines(3_000).withShares(0.1, 0.05, 0.02, 0.7).withEventsPerSecond(400);
    /**
     * The window runs on the arrival (wall) clock per order: one input held back longer than this (a busy machine, a
     * rebalance under exactly-once) splits a pair into missing_at_venue and missing_in_ledger. Decisions come this
     * long after the last record.
     */
    private static final String WINDOW = "10s";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path dir;

    private RunningNode node;
    private String base;
    private ExpectedTotals expected;
    private Map<String, Long> expectedVenueLevel;

    @BeforeAll
    void generateSendAndWait() throws Exception {
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-synth-recon-test",
                dir.resolve("state"), Map.of("EXECTRACE_TOPIC_PARTITIONS", "3",
                        "EXECTRACE_RECONCILIATION_WINDOW", WINDOW,
                        "EXECTRACE_RECONCILIATION_VENUES", "kraken,binance,coinbase"));
        node = RunningNode.start(config);
        base = node.base;
        // Every store answering: no rebalance still under way that could hold one input back longer than the window.
        ApiHttpTest.eventually(() -> Http.get(base + "/ready").status() == 200, "ready");

        final SyntheticVenueFills venue = new SyntheticVenueFills(SETTINGS.seed(), VenueFillFormat.GENERIC, 0.3);
        final SyntheticSessions generator = new SyntheticSessions(SETTINGS, venue);
        final List<SyntheticRecord> records = new ArrayList<>();
        while (generator.hasNext()) {
            records.add(generator.next());
        }
        // The venue's fills as produce venue-fills reads them from the file the generator writes.
        final Path venueFile = dir.resolve("venue-fills.jsonl");
        Files.write(venueFile, venue.render());
        final List<VenueFill> fills = new ArrayList<>();
        for (final VenueFillEntry entry : VenueFillFile.read(venueFile, VenueFillFormat.GENERIC,
                VenueSymbols.defaults()).entries()) {
            fills.add(((VenueFillResult.Valid) entry.result()).fill());
        }
        sendLikeAVenueAlongside(config, records, fills);
        expected = generator.expectedTotals();
        expectedVenueLevel = new TreeMap<>();
        venue.venueLevel().forEach((v, n) -> {
            if (n > 0) {
                expectedVenueLevel.put(v, n);
            }
        });
        final long decisions = expected.sessions().stream()
                .mapToLong(s -> s.reconciliation().values().stream().mapToLong(Long::longValue).sum()).sum();
        final long venueLevel = expectedVenueLevel.values().stream().mapToLong(Long::longValue).sum();
        ApiHttpTest.eventually(() -> decisionsSoFar() >= decisions && venueLevel().values().stream()
                .mapToLong(Long::longValue).sum() >= venueLevel, decisions + " session and " + venueLevel
                + " venue-level decisions");
        LOG.info("every expected decision arrived");
        // A decision too many would come with the next checks (every second): give it time to show.
        Thread.sleep(3_000);
    }

    /**
     * Both inputs as they would come from a live run: the events paced by their arrival on the generator's clock
     * (slower than the pipeline reads), each venue fill sent as soon as that clock passes its venue time (keyed and
     * written as produce venue-fills sends it). Sent one after the other in bulk instead, the venue fills of the last
     * orders would reach reconciliation long before our side of them, which still waits behind the events before it.
     */
    private static void sendLikeAVenueAlongside(final ExectraceConfig config, final List<SyntheticRecord> records,
                                                final List<VenueFill> fills) throws InterruptedException {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            final long started = System.nanoTime();
            int next = 0;
            for (final SyntheticRecord record : records) {
                final long due = started + (record.arrivalMicros() - SETTINGS.startMicros()) * 1000;
                while (System.nanoTime() < due) {
                    Thread.sleep(1);
                }
                while (next < fills.size() && fills.get(next).tsMicros() <= record.arrivalMicros()) {
                    producer.send(venueRecord(config, fills.get(next++)));
                }
                producer.send(new ProducerRecord<>(config.inputTopic(), record.key(), record.value()));
            }
            while (next < fills.size()) {
                producer.send(venueRecord(config, fills.get(next++)));
            }
            producer.flush();
            LOG.info("sent {} records and {} venue fills in {} ms", records.size(), fills.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static ProducerRecord<String, byte[]> venueRecord(final ExectraceConfig config, final VenueFill fill) {
        return new ProducerRecord<>(config.venueFillsTopic(), fill.venueOrderId(), VenueFillJson.write(fill));
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private long decisionsSoFar() {
        long sum = 0;
        for (final ExpectedTotals.Session s : expected.sessions()) {
            final Http.Answer answer = Http.get(base + "/api/sessions/" + s.sessionId() + "/reconciliation");
            if (answer.status() != 200) {
                return -1;
            }
            sum += answer.json().path("decisions").asLong();
        }
        return sum;
    }

    private Map<String, Long> venueLevel() {
        final Map<String, Long> counts = new TreeMap<>();
        final Http.Answer answer = Http.get(base + "/api/reconciliation");
        if (answer.status() == 200) {
            for (final JsonNode v : answer.json().path("venues")) {
                counts.put(v.path("venue").asText(), v.path("missing_in_ledger").asLong());
                assertThat(v.path("fills").size()).isEqualTo(v.path("missing_in_ledger").asInt());
            }
        }
        return counts;
    }

    @Test
    void everySessionsCountsEqualTheGeneratorsExpectedCounts() {
        int reconciled = 0;
        for (final ExpectedTotals.Session s : expected.sessions()) {
            final JsonNode answer = Http.get(base + "/api/sessions/" + s.sessionId() + "/reconciliation").json();
            final Map<String, Long> counts = new TreeMap<>();
            answer.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
            if (s.reconciliation().isEmpty()) {
                // Dialect A: no venue order ids, nothing to reconcile in the stream.
                assertThat(answer.path("decisions").asLong()).as(s.sessionId()).isZero();
            } else {
                reconciled++;
                assertThat(counts).as("%s; its differences: %s", s.sessionId(), answer.path("differences"))
                        .isEqualTo(new TreeMap<>(s.reconciliation()));
            }
        }
        assertThat(reconciled).isPositive();
    }

    @Test
    void theVenueLevelListEqualsTheGeneratorsForeignFills() {
        assertThat(venueLevel()).isEqualTo(expectedVenueLevel);
        for (final JsonNode v : Http.get(base + "/api/reconciliation").json().path("venues")) {
            for (final JsonNode fill : v.path("fills")) {
                assertThat(fill.path("session_id").isNull()).isTrue();
                assertThat(fill.path("result").asText()).isEqualTo("missing_in_ledger");
            }
        }
    }

    @Test
    void theRunHoldsEveryResult() {
        final Map<String, Long> total = new TreeMap<>();
        expected.sessions().forEach(s -> s.reconciliation().forEach((k, v) -> total.merge(k, v, Long::sum)));
        assertThat(total).hasSize(6).allSatisfy((result, n) -> assertThat(n).as(result).isPositive());
        assertThat(expectedVenueLevel).isNotEmpty();
    }
}
