package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.streams.config.ExectraceConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * GET /api/sessions/{id}/chains?state=open and the sessions' {@code oldest_open_age_ms} over a real broker and
 * streams app, with a session whose open chains are known by hand: an order only submitted (and stuck on the event
 * clock), an acked order partly filled, an intent without order, a fully filled order still settling, and an ack
 * whose order never came. The idle timeout and the settle time are long, so nothing closes while the test runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenChainsApiTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final String SESSION = "in_flight";
    /** A session with a signal only: no chain ever opens. */
    private static final String QUIET = "no_chains";
    private static final Duration SETTLE = Duration.ofMinutes(10);

    @TempDir
    static Path stateDir;

    private RunningNode node;
    private String base;
    /** Wall time just before the first record was produced and just after the last one was acknowledged. */
    private long producedFrom;
    private long producedUntil;

    @BeforeAll
    void startAndProduce() throws Exception {
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-open-chains", stateDir,
                Map.of(
                        "EXECTRACE_TOPIC_PARTITIONS", "1",
                        "EXECTRACE_IDLE_TIMEOUT", "10m",
                        "EXECTRACE_SETTLE_TIME", SETTLE.toMinutes() + "m",
                        "EXECTRACE_STUCK_ORDER_AFTER", "40s"));
        node = RunningNode.start(config);
        base = node.base;
        // Intent timeout 30 s, order timeout 60 s (defaults); the session clock ends at 09:00:45.
        final List<String> lines = List.of(
                line("00.000", "intent", "BTC-EUR", "BUY", "\"intent_id\":\"i-A\",\"qty\":0.5"),
                line("00.100", "submit", "BTC-EUR", "BUY", "\"intent_id\":\"i-A\",\"client_order_id\":\"c-A\",\"qty\":0.5"),
                line("10.000", "intent", "ETH-EUR", "SELL", "\"intent_id\":\"i-B\",\"qty\":2.0"),
                line("10.050", "submit", "ETH-EUR", "SELL", "\"intent_id\":\"i-B\",\"client_order_id\":\"c-B\",\"qty\":2.0"),
                line("10.080", "ack", "ETH-EUR", "SELL", "\"client_order_id\":\"c-B\",\"broker_order_id\":\"B-77\""),
                line("10.300", "fill", "ETH-EUR", "SELL",
                        "\"client_order_id\":\"c-B\",\"broker_order_id\":\"B-77\",\"qty\":0.5,\"price\":3100.0"),
                line("20.000", "intent", "SOL-EUR", "BUY", "\"intent_id\":\"i-C\",\"qty\":10.0"),
                line("30.000", "intent", "BTC-EUR", "SELL", "\"intent_id\":\"i-D\",\"qty\":1.0"),
                line("30.050", "submit", "BTC-EUR", "SELL", "\"intent_id\":\"i-D\",\"client_order_id\":\"c-D\",\"qty\":1.0"),
                line("30.250", "fill", "BTC-EUR", "SELL", "\"client_order_id\":\"c-D\",\"qty\":1.0,\"price\":92000.0"),
                line("45.000", "ack", "BTC-EUR", "BUY", "\"client_order_id\":\"c-E\",\"broker_order_id\":\"B-99\""));
        producedFrom = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            for (final String line : lines) {
                producer.send(new ProducerRecord<>(config.inputTopic(), SESSION, line.getBytes(StandardCharsets.UTF_8)));
            }
            producer.send(new ProducerRecord<>(config.inputTopic(), QUIET, ("{\"ts\":\"2025-12-20T08:00:00Z\","
                    + "\"session_id\":\"" + QUIET + "\",\"stage\":\"signal\",\"symbol\":\"BTC-EUR\"}")
                    .getBytes(StandardCharsets.UTF_8))).get();
        }
        producedUntil = System.currentTimeMillis();
        // All five chains are in, and the stuck-order check (every 100 ms) has seen the first order.
        ApiHttpTest.eventually(() -> {
            final Http.Answer answer = Http.get(openUrl(SESSION, ""));
            return answer.status() == 200 && answer.json().path("count").asInt() == 5
                    && answer.json().path("chains").get(0).path("stuck").asBoolean()
                    && Http.get(base + "/api/sessions/" + QUIET).status() == 200;
        }, "the open chains of " + SESSION);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void openChainsAreListedWithStageIdsQuantitiesAgesAndDeadlines() {
        final long asked = System.currentTimeMillis();
        final JsonNode answer = Http.get(openUrl(SESSION, "")).json();
        final long answered = System.currentTimeMillis();
        assertThat(answer.path("session_id").asText()).isEqualTo(SESSION);
        assertThat(answer.path("state").asText()).isEqualTo("open");
        assertThat(answer.path("session_clock").asText()).isEqualTo("2025-12-20T09:00:45Z");
        assertThat(answer.path("count").asInt()).isEqualTo(5);
        assertThat(answer.path("total").asInt()).isEqualTo(5);
        final JsonNode chains = answer.path("chains");

        // In start order. Ages on the event clock: 09:00:45 minus the first event.
        final JsonNode a = chains.get(0);
        assertChain(a, "submitted", "i-A", "c-A", null, "BTC-EUR", "BUY", 0.5, 0.0, 0, 2);
        assertTimes(a, "2025-12-20T09:00:00Z", 45_000, "2025-12-20T09:01:00.100Z");
        assertThat(a.path("order_ts").asText()).isEqualTo("2025-12-20T09:00:00.100Z");
        assertThat(a.path("stuck").asBoolean()).as("44.9 s of event time > stuck.order.after 40 s").isTrue();

        final JsonNode b = chains.get(1);
        assertChain(b, "partially_filled", "i-B", "c-B", "B-77", "ETH-EUR", "SELL", 2.0, 0.5, 1, 4);
        assertTimes(b, "2025-12-20T09:00:10Z", 35_000, "2025-12-20T09:01:10.050Z");
        assertThat(b.path("stuck").asBoolean()).isFalse();

        final JsonNode c = chains.get(2);
        assertChain(c, "intent", "i-C", null, null, "SOL-EUR", "BUY", 10.0, 0.0, 0, 1);
        assertTimes(c, "2025-12-20T09:00:20Z", 25_000, "2025-12-20T09:00:50Z");
        assertThat(c.path("order_ts").isNull()).isTrue();

        final JsonNode d = chains.get(3);
        assertChain(d, "ended", "i-D", "c-D", null, "BTC-EUR", "SELL", 1.0, 1.0, 1, 3);
        assertThat(d.path("end_reason").asText()).isEqualTo("full_fill");
        // Settles 10 minutes after the full fill on the event clock, or after its arrival on the wall clock.
        assertTimes(d, "2025-12-20T09:00:30Z", 15_000, "2025-12-20T09:10:30.250Z");
        assertThat(Instant.parse(d.path("settle_due_at").asText()).toEpochMilli())
                .isBetween(producedFrom + SETTLE.toMillis(), producedUntil + SETTLE.toMillis());

        final JsonNode e = chains.get(4);
        assertChain(e, "orphan", null, "c-E", "B-99", "BTC-EUR", "BUY", null, 0.0, 0, 1);
        assertThat(e.path("waiting_for").asText()).isEqualTo("order");
        assertTimes(e, "2025-12-20T09:00:45Z", 0, "2025-12-20T09:01:45Z");

        final List<String> ids = new ArrayList<>();
        for (final JsonNode chain : chains) {
            ids.add(chain.path("chain_id").asText());
            assertThat(chain.path("session_id").asText()).isEqualTo(SESSION);
            assertThat(chain.path("mode").asText()).isEqualTo("live");
            assertThat(chain.path("exchange").asText()).isEqualTo("kraken");
            // Every record arrived between producedFrom and producedUntil.
            assertThat(chain.path("age_arrival_ms").asLong())
                    .isBetween(asked - producedUntil, answered - producedFrom);
            assertThat(Instant.parse(chain.path("first_arrival_at").asText()).toEpochMilli())
                    .isBetween(producedFrom, producedUntil);
            if (chain != d) {
                assertThat(chain.path("end_reason").isNull()).isTrue();
                assertThat(chain.path("settle_due_at").isNull()).isTrue();
            }
            if (chain != e) {
                assertThat(chain.path("waiting_for").isNull()).isTrue();
            }
        }
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{16}"));
    }

    @Test
    void csvHasTheSameChainsAsTheJson() {
        final JsonNode chains = Http.get(openUrl(SESSION, "")).json().path("chains");
        final Http.Answer answer = Http.get(openUrl(SESSION, "format=csv"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/csv");
        assertThat(answer.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"open_chains_" + SESSION + ".csv\"");
        assertThat(answer.body()).startsWith("chain_id,stage,end_reason,waiting_for,symbol,side,mode,exchange,"
                + "intent_id,order_id,broker_order_id,quantity,filled_quantity,fills,events,first_ts,age_event_ms,"
                + "age_arrival_ms,deadline_ts,settle_due_at,stuck\r\n");
        final List<CSVRecord> rows = answer.csv();
        assertThat(rows).extracting(r -> r.get("chain_id"))
                .containsExactly(ids(chains).toArray(String[]::new));
        assertThat(rows).extracting(r -> r.get("stage"))
                .containsExactly("submitted", "partially_filled", "intent", "ended", "orphan");
        assertThat(rows).extracting(r -> r.get("order_id")).containsExactly("c-A", "c-B", "", "c-D", "c-E");
        assertThat(rows).extracting(r -> r.get("quantity")).containsExactly("0.5", "2", "10", "1", "");
        assertThat(rows).extracting(r -> r.get("filled_quantity")).containsExactly("0", "0.5", "0", "1", "0");
        assertThat(rows).extracting(r -> r.get("fills")).containsExactly("0", "1", "0", "1", "0");
        assertThat(rows).extracting(r -> r.get("age_event_ms")).containsExactly("45000", "35000", "25000", "15000", "0");
        assertThat(rows).extracting(r -> r.get("deadline_ts")).containsExactly("2025-12-20T09:01:00.100Z",
                "2025-12-20T09:01:10.050Z", "2025-12-20T09:00:50Z", "2025-12-20T09:10:30.250Z", "2025-12-20T09:01:45Z");
        assertThat(rows).extracting(r -> r.get("waiting_for")).containsExactly("", "", "", "", "order");
        assertThat(rows).extracting(r -> r.get("end_reason")).containsExactly("", "", "", "full_fill", "");
        assertThat(rows).extracting(r -> r.get("stuck")).containsExactly("true", "false", "false", "false", "false");
        assertThat(rows.get(3).get("settle_due_at")).isEqualTo(chains.get(3).path("settle_due_at").asText());
        assertThat(Long.parseLong(rows.get(0).get("age_arrival_ms")))
                .isGreaterThanOrEqualTo(chains.get(0).path("age_arrival_ms").asLong());
    }

    @Test
    void limitAndSymbolApplyOtherFiltersAreRefused() {
        final JsonNode all = Http.get(openUrl(SESSION, "")).json().path("chains");
        final JsonNode firstTwo = Http.get(openUrl(SESSION, "limit=2")).json();
        assertThat(firstTwo.path("count").asInt()).isEqualTo(2);
        assertThat(firstTwo.path("total").asInt()).isEqualTo(5);
        assertThat(ids(firstTwo.path("chains"))).containsExactly(ids(all).subList(0, 2).toArray(String[]::new));
        final JsonNode btc = Http.get(openUrl(SESSION, "symbol=btc-eur")).json();
        assertThat(btc.path("total").asInt()).isEqualTo(3);
        assertThat(btc.path("chains").findValuesAsText("order_id")).containsExactly("c-A", "c-D", "c-E");
        for (final String query : List.of("outcome=filled", "cursor=abc", "min_latency_ms=5", "limit=0", "format=xml")) {
            final Http.Answer answer = Http.get(openUrl(SESSION, query));
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.json().path("error").asText()).isEqualTo("bad_request");
        }
        assertThat(Http.get(openUrl(SESSION, "outcome=filled")).json().path("detail").asText())
                .isEqualTo("outcome applies to closed chains only, not to state=open");
        assertThat(Http.get(openUrl("no_such_session", "")).status()).isEqualTo(404);
        final JsonNode none = Http.get(openUrl(QUIET, "")).json();
        assertThat(none.path("count").asInt()).isZero();
        assertThat(none.path("chains").isArray()).isTrue();
    }

    @Test
    void sessionListSaysHowLongTheOldestOpenChainHasBeenOpen() {
        final long asked = System.currentTimeMillis();
        final JsonNode sessions = Http.get(base + "/api/sessions").json().path("sessions");
        final long answered = System.currentTimeMillis();
        JsonNode inFlight = null;
        JsonNode quiet = null;
        for (final JsonNode s : sessions) {
            if (s.path("session_id").asText().equals(SESSION)) {
                inFlight = s;
            } else if (s.path("session_id").asText().equals(QUIET)) {
                quiet = s;
            }
        }
        assertThat(inFlight).isNotNull();
        assertThat(inFlight.path("open_chains").asInt()).isEqualTo(5);
        assertThat(inFlight.path("oldest_open_age_ms").asLong())
                .isBetween(asked - producedUntil, answered - producedFrom);
        assertThat(quiet).isNotNull();
        assertThat(quiet.has("oldest_open_age_ms")).isTrue();
        assertThat(quiet.path("oldest_open_age_ms").isNull()).isTrue();
        for (final CSVRecord row : Http.get(base + "/api/sessions?format=csv").csv()) {
            if (row.get("session_id").equals(QUIET)) {
                assertThat(row.get("oldest_open_age_ms")).isEmpty();
            } else {
                assertThat(Long.parseLong(row.get("oldest_open_age_ms"))).isGreaterThanOrEqualTo(asked - producedUntil);
            }
        }
    }

    @Test
    void streamSendsTheOpenChainsOnConnect() throws Exception {
        final List<Http.SseMessage> messages = Http.sse(base + "/api/stream/sessions/" + SESSION, null, 1,
                Set.of("open_chains"));
        assertThat(messages).hasSize(1);
        final JsonNode open = messages.get(0).data();
        assertThat(open.path("state").asText()).isEqualTo("open");
        assertThat(ids(open.path("chains"))).isEqualTo(ids(Http.get(openUrl(SESSION, "")).json().path("chains")));
    }

    private static void assertChain(final JsonNode chain, final String stage, final String intentId,
                                    final String orderId, final String brokerOrderId, final String symbol,
                                    final String side, final Double quantity, final double filled, final int fills,
                                    final int events) {
        final String as = stage + " chain";
        assertThat(chain.path("stage").asText()).as(as).isEqualTo(stage);
        assertThat(chain.path("intent_id").asText(null)).as(as).isEqualTo(intentId);
        assertThat(chain.path("order_id").asText(null)).as(as).isEqualTo(orderId);
        assertThat(chain.path("broker_order_id").asText(null)).as(as).isEqualTo(brokerOrderId);
        assertThat(chain.path("symbol").asText()).as(as).isEqualTo(symbol);
        assertThat(chain.path("side").asText()).as(as).isEqualTo(side);
        if (quantity == null) {
            assertThat(chain.has("quantity")).as(as).isFalse();
        } else {
            assertThat(chain.path("quantity").asDouble()).as(as).isEqualTo(quantity);
        }
        assertThat(chain.path("filled_quantity").asDouble()).as(as).isEqualTo(filled);
        assertThat(chain.path("fills").asInt()).as(as).isEqualTo(fills);
        assertThat(chain.path("events").asInt()).as(as).isEqualTo(events);
    }

    private static void assertTimes(final JsonNode chain, final String firstTs, final long eventAgeMillis,
                                    final String deadline) {
        assertThat(chain.path("first_ts").asText()).isEqualTo(firstTs);
        assertThat(chain.path("age_event_ms").asLong()).isEqualTo(eventAgeMillis);
        assertThat(chain.path("deadline_ts").asText()).isEqualTo(deadline);
    }

    private static List<String> ids(final JsonNode chains) {
        final List<String> ids = new ArrayList<>();
        chains.forEach(c -> ids.add(c.path("chain_id").asText()));
        return ids;
    }

    private String openUrl(final String sessionId, final String query) {
        return base + "/api/sessions/" + sessionId + "/chains?state=open" + (query.isEmpty() ? "" : "&" + query);
    }

    /** One ledger-style line of {@link #SESSION} at 09:00:{@code seconds} event time (mode live, exchange kraken). */
    private static String line(final String seconds, final String stage, final String symbol, final String side,
                               final String fields) {
        return "{\"ts\":\"2025-12-20T09:00:" + seconds + "Z\",\"session_id\":\"" + SESSION + "\",\"mode\":\"live\","
                + "\"stage\":\"" + stage + "\",\"symbol\":\"" + symbol + "\",\"exchange\":\"kraken\",\"side\":\""
                + side + "\"," + fields + "}";
    }
}
