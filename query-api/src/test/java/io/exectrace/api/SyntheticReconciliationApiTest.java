package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.VenueSymbols;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.producer.SyntheticVenueFills;
import io.exectrace.producer.VenueFillFile;
import io.exectrace.producer.VenueFillFormat;
import io.exectrace.producer.VenueFillImporter;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * late, duplicated and invalid lines) sent as {@code produce synth} sends them, the venue fills it wrote (a third of
 * the orders with an injected difference of every kind) read back from their file and sent as
 * {@code produce venue-fills} sends them, reconciliation on for the three venues with a 15 s window. Every session's
 * counts from {@code GET /api/sessions/{id}/reconciliation} and the venue-level list of {@code GET /api/reconciliation}
 * equal the generator's expected counts exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheticReconciliationApiTest {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticReconciliationApiTest.class);
    private static final SynthSettings SETTINGS = SynthSettings
            .defaults(11, Instant.parse("2025-12-20T10:00:00Z").getEpochSecond() * 1_000_000L)
            .withSessions(10).withMaxLines(4_000).withShares(0.1, 0.05, 0.02, 0.7);
    /** Wide enough for both inputs of an order to arrive on a busy machine; decisions come this long after. */
    private static final String WINDOW = "15s";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path dir;

    private ExectraceStreamsApp app;
    private ExectraceApiServer server;
    private String base;
    private ExpectedTotals expected;
    private Map<String, Long> expectedVenueLevel;

    @BeforeAll
    void generateSendAndWait() throws Exception {
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-synth-recon-test",
                dir.resolve("state"), Map.of("EXECTRACE_TOPIC_PARTITIONS", "3",
                        "EXECTRACE_RECONCILIATION_WINDOW", WINDOW,
                        "EXECTRACE_RECONCILIATION_VENUES", "kraken,binance,coinbase"));
        app = new ExectraceStreamsApp(config);
        app.start();
        server = ExectraceApiServer.start(ApiSettings.from(config, Map.of()), app, null);
        base = "http://127.0.0.1:" + server.port();
        assertThat(app.awaitRunning(ApiHttpTest.PATIENCE)).isTrue();

        final SyntheticVenueFills venue = new SyntheticVenueFills(SETTINGS.seed(), VenueFillFormat.GENERIC, 0.3);
        final SyntheticSessions generator = new SyntheticSessions(SETTINGS, venue);
        final Path venueFile = dir.resolve("venue-fills.jsonl");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            final SyntheticFeeder.Summary sent = new SyntheticFeeder(producer, config.inputTopic())
                    .feed(generator, SETTINGS.startMicros(), false, ReplayProgress.NONE);
            assertThat(sent.failed()).isZero();
            Files.write(venueFile, venue.render());
            new VenueFillImporter(producer, config.venueFillsTopic(), config.venueFillsDlqTopic())
                    .send(List.of(VenueFillFile.read(venueFile, VenueFillFormat.GENERIC, VenueSymbols.defaults())));
            LOG.info("sent {} records and {} venue fills", sent.records(), venue.fills().size());
        }
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
        // A decision too many would come with the same punctuation (every 1.5 s): give it time to show.
        Thread.sleep(3_000);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (app != null) {
            app.close(Duration.ofSeconds(30));
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
