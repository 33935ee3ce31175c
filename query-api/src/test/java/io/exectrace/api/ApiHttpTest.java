package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.ExpectedPercentiles;
import io.exectrace.events.fixtures.ExpectedPnl;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over a real broker and the real streams app, with every golden fixture replayed as the replay producer
 * sends it: each answer is checked against the fixtures' hand-written expected files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiHttpTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String TOKEN = "s3cret-token";

    @TempDir
    static Path stateDir;

    private final List<GoldenFixture> fixtures = GoldenFixtures.all();
    private ExectraceStreamsApp app;
    private ExectraceApiServer server;
    private ExectraceApiServer securedServer;
    private ExectraceApiServer corsServer;
    private String base;

    @BeforeAll
    void startAndReplay() throws Exception {
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-api-test", stateDir,
                Map.of(
                        "EXECTRACE_TOPIC_PARTITIONS", "3",
                        "EXECTRACE_IDLE_TIMEOUT", "2s"));
        app = new ExectraceStreamsApp(config);
        app.start();
        server = ExectraceApiServer.start(ApiSettings.from(config, Map.of()), app, null);
        securedServer = ExectraceApiServer.start(ApiSettings.from(config, Map.of()).withApiToken(TOKEN), app, null);
        corsServer = ExectraceApiServer.start(ApiSettings.from(config, Map.of(ApiSettings.ENV_CORS_ORIGINS,
                "https://ops.example.com")), app, () -> "# TYPE peak_trade_up gauge\npeak_trade_up 1\n");
        base = "http://127.0.0.1:" + server.port();
        assertThat(app.awaitRunning(PATIENCE)).isTrue();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            new JsonlReplayer(producer, config.inputTopic(), 0)
                    .replay(fixtures.stream().map(GoldenFixture::file).toList(), ReplayProgress.NONE);
        }
        for (final Expected.Session session : sessions()) {
            eventually(() -> {
                final Http.Answer answer = Http.get(timelineUrl(session.sessionId(), ""));
                return answer.status() == 200 && answer.json().path("count").asLong() == session.events();
            }, "timeline of " + session.sessionId());
            // Expectations hold once the idle timeout closed every chain (chains settled on the arrival clock
            // before it are closed too, but only the idle close lets the pending fills into the FIFO).
            eventually(() -> {
                final Http.Answer answer = Http.get(base + "/api/sessions/" + session.sessionId());
                return answer.status() == 200 && answer.json().path("idle_closed").asBoolean()
                        && answer.json().path("open_chains").asLong() == 0
                        && answer.json().path("closed_chains").asLong() == session.chains().size();
            }, "closed chains of " + session.sessionId());
        }
    }

    @AfterAll
    void stop() {
        if (securedServer != null) {
            securedServer.close();
        }
        if (corsServer != null) {
            corsServer.close();
        }
        if (server != null) {
            server.close();
        }
        if (app != null) {
            app.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void healthAndReadiness() {
        assertThat(Http.get(base + "/health").json().path("status").asText()).isEqualTo("up");
        final Http.Answer ready = Http.get(base + "/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("kafka_streams").asText()).isEqualTo("RUNNING");
        assertThat(ready.json().path("kafka_broker").asText()).isEqualTo("reachable");
        final Set<String> stores = new TreeSet<>();
        ready.json().path("stores").fields().forEachRemaining(e -> {
            stores.add(e.getKey());
            assertThat(e.getValue().asBoolean()).as(e.getKey()).isTrue();
        });
        assertThat(stores).containsExactlyInAnyOrder("session-timeline", "session-timeline-index", "session-summary",
                "session-latency", "correlation-state", "session-chains", "session-alerts", "sessions-index");
    }

    @Test
    void reconciliationEndpointsSayReconciliationIsOff() {
        // No venue in reconciliation.venues (the default): the topology has no reconciliation stores.
        for (final String path : List.of("/api/sessions/golden_session_latency/reconciliation",
                "/api/sessions/golden_session_latency/reconciliation?format=csv", "/api/reconciliation")) {
            final Http.Answer answer = Http.get(base + path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.json().path("error").asText()).as(path).isEqualTo("reconciliation_off");
            assertThat(answer.json().path("detail").asText()).as(path).contains("reconciliation is off")
                    .contains("EXECTRACE_RECONCILIATION_VENUES");
        }
        final JsonNode summary = Http.get(base + "/api/sessions/golden_session_latency").json();
        assertThat(summary.has("session_id")).isTrue();
        assertThat(summary.has("reconciliation")).as("no reconciliation section when it is off").isFalse();
    }

    @Test
    void timelineMatchesTheExpectedFiles() {
        for (final Expected.Session session : sessions()) {
            final JsonNode events = Http.get(timelineUrl(session.sessionId(), "")).json().path("events");
            final Map<String, Long> byStage = new TreeMap<>();
            final Set<String> symbols = new TreeSet<>();
            final List<Long> times = new ArrayList<>();
            for (final JsonNode event : events) {
                byStage.merge(event.path("stage").asText(), 1L, Long::sum);
                if (event.hasNonNull("symbol")) {
                    symbols.add(event.path("symbol").asText());
                }
                times.add(event.path("ts_micros").asLong());
                assertThat(event.path("session_id").asText()).isEqualTo(session.sessionId());
            }
            assertThat(byStage).as(session.sessionId()).isEqualTo(new TreeMap<>(session.byStage()));
            assertThat(symbols).as(session.sessionId()).containsExactlyElementsOf(session.symbols());
            assertThat(times).isSorted();
            assertThat(Instant.parse(events.get(0).path("ts").asText())).isEqualTo(Instant.parse(session.firstTs()));
            assertThat(Instant.parse(events.get(events.size() - 1).path("ts").asText()))
                    .isEqualTo(Instant.parse(session.lastTs()));
        }
    }

    @Test
    void timelineFiltersAndPagesWithCursor() {
        for (final Expected.Session session : sessions()) {
            for (final Map.Entry<String, Long> stage : session.byStage().entrySet()) {
                final JsonNode answer = Http.get(timelineUrl(session.sessionId(), "stage=" + stage.getKey())).json();
                assertThat(answer.path("count").asLong()).as(session.sessionId() + " " + stage.getKey())
                        .isEqualTo(stage.getValue());
            }
            // Pages of 2 through the cursor give every event once, in order.
            final List<String> ids = new ArrayList<>();
            String cursor = null;
            do {
                final JsonNode page = Http.get(timelineUrl(session.sessionId(),
                        "limit=2" + (cursor == null ? "" : "&cursor=" + cursor))).json();
                assertThat(page.path("count").asInt()).isLessThanOrEqualTo(2);
                page.path("events").forEach(e -> ids.add(e.path("id").asText()));
                cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            } while (cursor != null);
            assertThat(ids).hasSize((int) session.events()).doesNotHaveDuplicates();
            final JsonNode all = Http.get(timelineUrl(session.sessionId(), "")).json().path("events");
            final List<String> allIds = new ArrayList<>();
            all.forEach(e -> allIds.add(e.path("id").asText()));
            assertThat(ids).isEqualTo(allIds);
            // from/to bound by event time, inclusive.
            final String first = URLEncoder.encode(session.firstTs(), StandardCharsets.UTF_8);
            assertThat(Http.get(timelineUrl(session.sessionId(), "to=" + first)).json().path("count").asInt())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void timelineCsvParsesBackToTheJsonAnswer() {
        for (final Expected.Session session : sessions()) {
            final JsonNode events = Http.get(timelineUrl(session.sessionId(), "")).json().path("events");
            final Http.Answer csv = Http.get(timelineUrl(session.sessionId(), "format=csv"));
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            final List<CSVRecord> rows = csv.csv();
            assertThat(rows).hasSize(events.size());
            for (int i = 0; i < rows.size(); i++) {
                final JsonNode event = events.get(i);
                final CSVRecord row = rows.get(i);
                assertThat(row.get("id")).isEqualTo(event.path("id").asText());
                assertThat(row.get("ts")).isEqualTo(event.path("ts").asText());
                assertThat(row.get("stage")).isEqualTo(event.path("stage").asText());
                assertThat(row.get("symbol")).isEqualTo(event.path("symbol").asText(""));
                assertThat(row.get("order_id")).isEqualTo(event.path("order_id").asText(""));
                if (event.has("quantity")) {
                    assertThat(Double.parseDouble(row.get("quantity"))).isEqualTo(event.path("quantity").asDouble());
                }
            }
        }
    }

    @Test
    void telemetryCsvIsTheSeedsFormatAndEqualsTheJson() {
        for (final Expected.Session session : sessions()) {
            final String query = "session_id=" + session.sessionId();
            final JsonNode json = Http.get(base + "/api/telemetry?" + query).json();
            assertThat(json.path("count").asLong()).isEqualTo(session.events());
            final Http.Answer csv = Http.get(base + "/api/telemetry?" + query + "&format=csv&type=fill");
            assertThat(csv.header("Content-Disposition"))
                    .isEqualTo("attachment; filename=\"telemetry_" + session.sessionId() + "_fill.csv\"");
            assertThat(csv.body()).startsWith("ts,kind,symbol,session_id,description,details\r\n");
            final JsonNode fills = Http.get(base + "/api/telemetry?" + query + "&type=fill").json().path("events");
            final List<CSVRecord> rows = csv.csv();
            assertThat(rows).hasSize(session.byStage().getOrDefault("fill", 0L).intValue()).hasSize(fills.size());
            for (int i = 0; i < rows.size(); i++) {
                for (final String column : EventView.TELEMETRY_COLUMNS) {
                    assertThat(rows.get(i).get(column)).as(column)
                            .isEqualTo(fills.get(i).path(column).asText(""));
                }
            }
        }
        // The seed's kind names work as type.
        final Expected.Session ok = session("golden_session_ok");
        assertThat(Http.get(base + "/api/telemetry?session_id=golden_session_ok&type=order").json().path("count")
                .asLong()).isEqualTo(ok.byStage().get("submit"));
    }

    @Test
    void badInputIs400WithAJsonBodyNever500() {
        final String id = sessions().get(0).sessionId();
        for (final String query : List.of("limit=-1", "limit=0", "limit=abc", "from=yesterday", "to=2025-13-45",
                "stage=shipped", "format=xml", "cursor=!!!", "cursor=AAAA", "from=2025-12-21T00:00:00Z&to=2025-12-20T00:00:00Z")) {
            final Http.Answer answer = Http.get(timelineUrl(id, query));
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.json().path("error").asText()).isEqualTo("bad_request");
            assertThat(answer.json().path("detail").asText()).isNotBlank();
        }
        assertThat(Http.get(base + "/api/telemetry").status()).isEqualTo(400);
        assertThat(Http.get(base + "/api/telemetry?session_id=" + id + "&type=nope").status()).isEqualTo(400);
        assertThat(Http.get(base + "/api/telemetry?session_id=" + id + "&format=pdf").status()).isEqualTo(400);
        assertThat(Http.get(base + "/api/sessions?active=maybe").status()).isEqualTo(400);
    }

    @Test
    void unknownSessionIs404() {
        final Http.Answer timeline = Http.get(timelineUrl("no_such_session", ""));
        assertThat(timeline.status()).isEqualTo(404);
        assertThat(timeline.json().path("error").asText()).isEqualTo("not_found");
        assertThat(Http.get(base + "/api/telemetry?session_id=no_such_session").status()).isEqualTo(404);
    }

    @Test
    void jsonLimitIsCappedAndCsvIsNot() {
        final String id = sessions().get(0).sessionId();
        assertThat(Http.get(timelineUrl(id, "limit=99999999")).status()).isEqualTo(200);
        assertThat(Http.get(timelineUrl(id, "limit=1")).json().path("count").asInt()).isEqualTo(1);
    }

    @Test
    void bearerTokenGuardsEverythingButHealth() {
        final String secured = "http://127.0.0.1:" + securedServer.port();
        final String id = sessions().get(0).sessionId();
        assertThat(Http.get(secured + "/health").status()).isEqualTo(200);
        final Http.Answer denied = Http.get(secured + "/api/sessions/" + id + "/timeline");
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.json().path("error").asText()).isEqualTo("unauthorized");
        assertThat(Http.get(secured + "/api/sessions/" + id + "/timeline", "wrong").status()).isEqualTo(401);
        assertThat(Http.get(secured + "/ready").status()).isEqualTo(401);
        assertThat(Http.get(secured + "/api/sessions/" + id + "/timeline", TOKEN).status()).isEqualTo(200);
        assertThat(Http.get(secured + "/api/sessions/" + id + "/timeline?access_token=" + TOKEN).status())
                .isEqualTo(200);
    }

    @Test
    void corsIsOffUnlessOriginsAreConfigured() throws Exception {
        final String path = "/api/sessions/golden_session_ok/timeline?limit=1";
        final HttpResponse<String> plain = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Origin", "https://ops.example.com").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        final String cors = "http://127.0.0.1:" + corsServer.port();
        final HttpResponse<String> allowed = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(cors + path))
                .header("Origin", "https://ops.example.com").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://ops.example.com");
        final HttpResponse<String> other = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(cors + path))
                .header("Origin", "https://evil.example.com").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void metricsAreServedOnlyWhenARegistryIsWired() {
        final Http.Answer metrics = Http.get("http://127.0.0.1:" + corsServer.port() + "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body()).contains("peak_trade_up 1");
        assertThat(Http.get(base + "/metrics").status()).isEqualTo(404);
    }

    @Test
    void everyRequestIsTimedUnderItsRouteTemplateNeverItsRawPath() {
        assertThat(Http.get(base + "/api/sessions/golden_session_ok").status()).isEqualTo(200);
        assertThat(Http.get(base + "/no/such/path").status()).isEqualTo(404);
        final MeterRegistry registry = app.metrics().registry();
        eventually(() -> registry.find(HttpRequestMetrics.METER)
                .tags("method", "GET", "route", "/api/sessions/{id}", "status", "200").timer() != null
                && registry.find(HttpRequestMetrics.METER).tags("route", HttpRequestMetrics.UNMATCHED, "status", "404")
                        .timer() != null, "the two requests timed");
        assertThat(registry.find(HttpRequestMetrics.METER).timers())
                .extracting(timer -> timer.getId().getTag("route"))
                .noneMatch(route -> route.contains("golden_") || route.contains("no/such"));
    }

    @Test
    void openApiDocumentListsEveryEndpoint() {
        final JsonNode doc = Http.get(base + "/api").json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        final Set<String> paths = new HashSet<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/sessions", "/api/sessions/{id}", "/api/sessions/{id}/timeline",
                "/api/sessions/{id}/latency", "/api/telemetry", "/api/stream/sessions/{id}",
                "/live/execution/{id}", "/health", "/ready", "/api", "/api/alerts", "/api/sessions/{id}/chains");
    }

    @Test
    void streamSendsTheSessionsEventsAndChainsAndResumesAfterLastEventId() throws Exception {
        final Expected.Session session = session("golden_session_latency");
        final List<String> ids = new ArrayList<>();
        Http.get(timelineUrl(session.sessionId(), "")).json().path("events")
                .forEach(e -> ids.add("event " + e.path("id").asText()));
        Http.get(base + "/api/sessions/" + session.sessionId() + "/chains").json().path("chains")
                .forEach(c -> ids.add("chain " + c.path("chain_id").asText()));
        final List<String[]> all = readStream(session.sessionId(), null, ids.size());
        assertThat(all).extracting(m -> m[0]).containsExactlyInAnyOrderElementsOf(ids);
        // Resume after the fifth message: exactly the rest.
        final List<String[]> rest = readStream(session.sessionId(), all.get(4)[1], ids.size() - 5);
        assertThat(rest).extracting(m -> m[0])
                .containsExactlyInAnyOrderElementsOf(all.subList(5, all.size()).stream().map(m -> m[0]).toList());
    }

    @Test
    void alertsOfMissingFillsAreListedPerSessionAndOverall() {
        final List<String> withMissingFill = sessions().stream()
                .filter(s -> s.chainsByOutcome().getOrDefault("missing_fill", 0L) > 0)
                .map(Expected.Session::sessionId).toList();
        assertThat(withMissingFill).isNotEmpty();
        for (final String id : withMissingFill) {
            eventually(() -> Http.get(base + "/api/alerts?session_id=" + id).json().path("count").asInt() > 0,
                    "alerts of " + id);
            final JsonNode alerts = Http.get(base + "/api/alerts?session_id=" + id).json().path("alerts");
            final List<String> types = new ArrayList<>();
            alerts.forEach(a -> {
                types.add(a.path("type").asText() + "/" + a.path("severity").asText());
                assertThat(a.path("session_id").asText()).isEqualTo(id);
            });
            assertThat(types).contains("missing_fill/P1");
            assertThat(Http.get(base + "/api/alerts?session_id=" + id + "&severity=P2").json().path("alerts")
                    .findValuesAsText("type")).doesNotContain("missing_fill");
            assertThat(Http.get(base + "/api/alerts?session_id=" + id + "&since=2030-01-01T00:00:00Z").json()
                    .path("count").asInt()).isZero();
        }
        final JsonNode all = Http.get(base + "/api/alerts").json().path("alerts");
        final Set<String> sessionsWithAlerts = new TreeSet<>();
        final List<Long> times = new ArrayList<>();
        all.forEach(a -> {
            sessionsWithAlerts.add(a.path("session_id").asText());
            times.add(a.path("event_ts_ms").asLong());
        });
        assertThat(sessionsWithAlerts).containsAll(withMissingFill);
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        final List<CSVRecord> rows = Http.get(base + "/api/alerts?format=csv").csv();
        final List<String> jsonRows = new ArrayList<>();
        all.forEach(a -> jsonRows.add(a.path("session_id").asText() + "/" + a.path("type").asText()));
        assertThat(rows).extracting(r -> r.get("session_id") + "/" + r.get("type")).isEqualTo(jsonRows);
        assertThat(Http.get(base + "/api/alerts?severity=P3").status()).isEqualTo(400);
        assertThat(Http.get(base + "/api/alerts?since=soon").status()).isEqualTo(400);
    }

    @Test
    void livePageEscapesTheSessionId() {
        final Http.Answer page = Http.get(base + "/live/execution/"
                + URLEncoder.encode("<script>alert(1)</script>", StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Http.get(base + "/live/assets/live.js").status()).isEqualTo(200);
        assertThat(Http.get(base + "/live/assets/nope.js").status()).isEqualTo(404);
    }

    @Test
    void summaryMatchesTheExpectedFiles() {
        for (final Expected.Session session : sessions()) {
            final JsonNode s = Http.get(base + "/api/sessions/" + session.sessionId()).json();
            final String id = session.sessionId();
            assertThat(s.path("session_id").asText()).isEqualTo(id);
            assertThat(s.path("mode").asText(null)).as(id).isEqualTo(session.mode());
            assertThat(strings(s.path("exchanges"))).as(id).isEqualTo(session.exchanges());
            assertThat(s.path("events").asLong()).as(id).isEqualTo(session.events());
            assertThat(s.path("duplicates").asLong()).as(id).isEqualTo(session.duplicates());
            assertThat(s.path("parse_errors").asLong()).as(id).isEqualTo(session.parseErrors());
            assertThat(longs(s.path("by_stage"))).as(id).isEqualTo(new TreeMap<>(session.byStage()));
            assertThat(strings(s.path("symbols"))).as(id).isEqualTo(session.symbols());
            assertThat(Instant.parse(s.path("first_ts").asText())).isEqualTo(Instant.parse(session.firstTs()));
            assertThat(Instant.parse(s.path("last_ts").asText())).isEqualTo(Instant.parse(session.lastTs()));
            assertThat(s.path("error_events").asLong()).as(id).isEqualTo(session.errorEvents());
            assertThat(longs(s.path("risk_blocks"))).as(id).isEqualTo(new TreeMap<>(session.riskBlocks()));
            final JsonNode quality = s.path("data_quality");
            assertThat(quality.path("backward_jumps").asLong()).isEqualTo(session.dataQuality().backwardJumps());
            assertThat(quality.path("gaps_over_1h").asLong()).isEqualTo(session.dataQuality().gapsOver1h());
            assertThat(quality.path("zoneless_ts").asLong()).isEqualTo(session.dataQuality().zonelessTs());
            assertThat(quality.path("non_string_ids").asLong()).isEqualTo(session.dataQuality().nonStringIds());
            assertThat(quality.path("negative_latencies").asLong())
                    .isEqualTo(session.dataQuality().negativeLatencies());
            assertThat(longs(s.path("chains_by_outcome"))).as(id).isEqualTo(new TreeMap<>(session.chainsByOutcome()));
            final double errorRate = session.events() == 0 ? 0 : (double) session.errorEvents() / session.events();
            assertThat(s.path("error_rate").asDouble()).as(id).isCloseTo(errorRate, within(1e-12));
            ExpectedPercentiles.assertReported(session, s.path("latency_ms"), id);
            ExpectedPnl.assertReported(session, s.path("by_symbol"), id);
        }
        assertThat(Http.get(base + "/api/sessions/no_such_session").status()).isEqualTo(404);
    }

    @Test
    void chainsMatchTheExpectedFilesAndTheirCsvEqualsTheJson() {
        for (final Expected.Session session : sessions()) {
            final JsonNode chains = Http.get(base + "/api/sessions/" + session.sessionId() + "/chains").json()
                    .path("chains");
            final List<String> actual = new ArrayList<>();
            chains.forEach(c -> actual.add(chainText(c)));
            final List<String> expected = new ArrayList<>();
            session.chains().forEach(c -> expected.add(chainText(c)));
            assertThat(actual).as(session.sessionId()).containsExactlyInAnyOrderElementsOf(expected);

            final List<CSVRecord> rows = Http.get(base + "/api/sessions/" + session.sessionId()
                    + "/chains?format=csv").csv();
            assertThat(rows).hasSize(chains.size());
            for (int i = 0; i < rows.size(); i++) {
                final JsonNode chain = chains.get(i);
                assertThat(rows.get(i).get("chain_id")).isEqualTo(chain.path("chain_id").asText());
                assertThat(rows.get(i).get("outcome")).isEqualTo(chain.path("outcome").asText());
                for (final String edge : List.of("intent_to_order", "order_to_ack", "order_to_fill", "intent_to_fill",
                        "fill_completion")) {
                    final String cell = rows.get(i).get(edge + "_ms");
                    if (chain.path("latency_ms").has(edge)) {
                        assertThat(Double.parseDouble(cell)).isEqualTo(chain.path("latency_ms").path(edge).asDouble());
                    } else {
                        assertThat(cell).isEmpty();
                    }
                }
            }
            for (final Map.Entry<String, Long> outcome : session.chainsByOutcome().entrySet()) {
                assertThat(Http.get(base + "/api/sessions/" + session.sessionId() + "/chains?outcome="
                        + outcome.getKey()).json().path("count").asLong()).isEqualTo(outcome.getValue());
            }
        }
        // min_latency_ms keeps the chains with an edge at least that long: the 3000 ms chain of the latency fixture.
        final JsonNode slow = Http.get(base + "/api/sessions/golden_session_latency/chains?min_latency_ms=2000")
                .json();
        assertThat(slow.path("count").asInt()).isEqualTo(1);
        assertThat(slow.path("chains").get(0).path("intent_id").asText()).isEqualTo("intent_lat_003");
        // Paging by one chain at a time gives every chain once.
        final Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            final JsonNode page = Http.get(base + "/api/sessions/golden_session_latency/chains?limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("chains").forEach(c -> ids.add(c.path("chain_id").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(ids).hasSize(4);
        // state=closed is the default, spelled out it answers the same.
        for (final Expected.Session session : sessions()) {
            final String chains = base + "/api/sessions/" + session.sessionId() + "/chains";
            assertThat(Http.get(chains + "?state=closed").body()).isEqualTo(Http.get(chains).body());
        }
        final Http.Answer badState = Http.get(base + "/api/sessions/golden_session_latency/chains?state=pending");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.json().path("error").asText()).isEqualTo("bad_request");
        assertThat(badState.json().path("detail").asText()).isEqualTo("state must be closed or open, was 'pending'");
        assertThat(Http.get(base + "/api/sessions/golden_session_latency/chains?outcome=lost").status())
                .isEqualTo(400);
        assertThat(Http.get(base + "/api/sessions/golden_session_latency/chains?min_latency_ms=-3").status())
                .isEqualTo(400);
    }

    @Test
    void latencyPercentilesAgreeWithTheExpectedChains() {
        for (final Expected.Session session : sessions()) {
            final JsonNode all = Http.get(base + "/api/sessions/" + session.sessionId() + "/latency").json()
                    .path("all");
            final Map<String, List<Double>> byEdge = new TreeMap<>();
            session.chains().forEach(c -> c.latencyMs().forEach((edge, ms) ->
                    byEdge.computeIfAbsent(edge, e -> new ArrayList<>()).add(ms)));
            final Set<String> edges = new TreeSet<>();
            all.fieldNames().forEachRemaining(edges::add);
            assertThat(edges).as(session.sessionId()).isEqualTo(byEdge.keySet());
            byEdge.forEach((edge, values) -> {
                final JsonNode figures = all.path(edge);
                assertThat(figures.path("count").asLong()).isEqualTo(values.size());
                final double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                // The sketch answers within 1 % relative accuracy.
                assertThat(figures.path("max").asDouble()).isCloseTo(max, within(max * 0.01 + 1e-9));
            });
            ExpectedPercentiles.assertReported(session, all, session.sessionId() + " /latency");
        }
        final JsonNode latency = Http.get(base + "/api/sessions/golden_session_latency/latency").json();
        assertThat(latency.path("by_symbol").path("ETH-USD").path("intent_to_fill").path("p50").asDouble())
                .isCloseTo(3000.0, within(30.0));
    }

    @Test
    void sessionListIsNewestFirstFilteredAndPaged() {
        final JsonNode answer = Http.get(base + "/api/sessions").json();
        final List<String> ids = new ArrayList<>();
        final List<Instant> last = new ArrayList<>();
        answer.path("sessions").forEach(s -> {
            ids.add(s.path("session_id").asText());
            last.add(Instant.parse(s.path("last_ts").asText()));
        });
        assertThat(ids).containsExactlyInAnyOrderElementsOf(sessions().stream().map(Expected.Session::sessionId)
                .toList());
        assertThat(last).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        final List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            final JsonNode page = Http.get(base + "/api/sessions?limit=2" + (cursor == null ? "" : "&cursor="
                    + cursor)).json();
            page.path("sessions").forEach(s -> paged.add(s.path("session_id").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(paged).isEqualTo(ids);
        for (final Expected.Session session : sessions()) {
            for (final String symbol : session.symbols()) {
                final List<String> withSymbol = new ArrayList<>();
                Http.get(base + "/api/sessions?symbol=" + symbol).json().path("sessions")
                        .forEach(s -> withSymbol.add(s.path("session_id").asText()));
                assertThat(withSymbol).contains(session.sessionId());
            }
            if (session.mode() != null) {
                final List<String> inMode = new ArrayList<>();
                Http.get(base + "/api/sessions?mode=" + session.mode()).json().path("sessions")
                        .forEach(s -> inMode.add(s.path("session_id").asText()));
                assertThat(inMode).contains(session.sessionId());
            }
        }
        // Every chain has closed: no session has an oldest open chain.
        answer.path("sessions").forEach(s -> {
            assertThat(s.has("oldest_open_age_ms")).isTrue();
            assertThat(s.path("oldest_open_age_ms").isNull()).as(s.path("session_id").asText()).isTrue();
        });
        final List<CSVRecord> rows = Http.get(base + "/api/sessions?format=csv").csv();
        assertThat(rows).extracting(r -> r.get("session_id")).isEqualTo(ids);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(Long.parseLong(rows.get(i).get("events")))
                    .isEqualTo(answer.path("sessions").get(i).path("events").asLong());
            assertThat(rows.get(i).get("oldest_open_age_ms")).isEmpty();
        }
    }

    private static String chainText(final JsonNode c) {
        final Map<String, Double> latency = new TreeMap<>();
        c.path("latency_ms").fields().forEachRemaining(e -> latency.put(e.getKey(), round(e.getValue().asDouble())));
        return String.join("|", c.path("intent_id").asText("-"), c.path("order_id").asText("-"),
                c.path("symbol").asText("-"), c.path("side").asText("-"), c.path("outcome").asText(),
                c.has("quantity") ? String.valueOf(round(c.path("quantity").asDouble())) : "-",
                String.valueOf(round(c.path("filled_quantity").asDouble())), c.path("fills").asText(),
                latency.toString());
    }

    private static String chainText(final Expected.Chain c) {
        final Map<String, Double> latency = new TreeMap<>();
        c.latencyMs().forEach((edge, ms) -> latency.put(edge, round(ms)));
        return String.join("|", c.intentId() == null ? "-" : c.intentId(), c.orderId() == null ? "-" : c.orderId(),
                c.symbol() == null ? "-" : c.symbol(), c.side() == null ? "-" : c.side(), c.outcome(),
                c.quantity() == null ? "-" : String.valueOf(round(c.quantity())), String.valueOf(round(c.filledQuantity())),
                String.valueOf(c.fills()), latency.toString());
    }

    private static double round(final double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    private static List<String> strings(final JsonNode array) {
        final List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, Long> longs(final JsonNode object) {
        final Map<String, Long> out = new TreeMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    /** Reads {@code count} event and chain messages of the session's stream: {"event ID" or "chain ID", SSE id}. */
    private List<String[]> readStream(final String sessionId, final String lastEventId, final int count)
            throws Exception {
        final List<String[]> messages = new ArrayList<>();
        for (final Http.SseMessage message : Http.sse(base + "/api/stream/sessions/" + sessionId, lastEventId,
                count, Set.of("event", "chain"))) {
            final String key = "chain".equals(message.type()) ? "chain " + message.data().path("chain_id").asText()
                    : "event " + message.data().path("id").asText();
            messages.add(new String[] {key, message.id()});
        }
        return messages;
    }

    private String timelineUrl(final String sessionId, final String query) {
        return base + "/api/sessions/" + sessionId + "/timeline" + (query.isEmpty() ? "" : "?" + query);
    }

    private List<Expected.Session> sessions() {
        final Map<String, Expected.Session> byId = new HashMap<>();
        for (final GoldenFixture fixture : fixtures) {
            for (final Expected.Session session : fixture.expected().sessions()) {
                byId.put(session.sessionId(), session);
            }
        }
        return new ArrayList<>(new TreeMap<>(byId).values());
    }

    private Expected.Session session(final String id) {
        return sessions().stream().filter(s -> s.sessionId().equals(id)).findFirst().orElseThrow();
    }

    static void eventually(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
