package io.exectrace.api;

import static io.exectrace.api.ApiHttpTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.fixtures.OrdersServiceDialect;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.streams.config.ExectraceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fourth dialect, defined only by a mapping file in {@code dialects.dir} ({@link OrdersServiceDialect}), end to
 * end: its records go through the embedded broker and the real streams app (unkeyed, as a service of its own would
 * send them, next to a dialect A session), and the API answers with their sessions, chains and latencies; its
 * invalid records count as parse errors of their session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MappedDialectApiTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    static final String SESSION = "svc-session-1";
    static final long T0 = 1_766_246_400_000L;

    @TempDir
    static Path stateDir;
    @TempDir
    static Path dialectsDir;

    private RunningNode node;
    private String base;

    static String record(final long ms, final String type, final String body) {
        return OrdersServiceDialect.record(SESSION, T0 + ms, type, body);
    }

    @BeforeAll
    void startAndSend() throws Exception {
        OrdersServiceDialect.write(dialectsDir, OrdersServiceDialect.MAPPING);
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-mapped-dialect",
                stateDir, Map.of("EXECTRACE_TOPIC_PARTITIONS", "3", "EXECTRACE_IDLE_TIMEOUT", "2s",
                        "EXECTRACE_DIALECTS_DIR", dialectsDir.toString()));
        node = RunningNode.start(config);
        base = node.base;
        final List<String> lines = new ArrayList<>(List.of(
                // a filled chain, linked by ids
                record(0, "SIGNAL_MOMENTUM", ",\"direction\":\"long\",\"ref\":{\"signal\":\"sig-1\"},\"amount\":0.5"),
                record(40, "ORDER_NEW", ",\"direction\":\"long\",\"ref\":{\"signal\":\"sig-1\",\"client\":\"c-1\"},"
                        + "\"amount\":0.5,\"px\":42000"),
                record(70, "ORDER_ACK", ",\"ref\":{\"client\":\"c-1\",\"venue\":\"v-1\"}"),
                record(190, "ORDER_FILL", ",\"ref\":{\"client\":\"c-1\"},\"filled\":0.5,\"px\":42001"),
                // a risk-blocked signal, by the verdict of the check
                record(300, "SIGNAL_MEAN_REVERSION", ",\"direction\":\"short\",\"ref\":{\"signal\":\"sig-2\"},"
                        + "\"amount\":1"),
                record(310, "RISK_CHECK", ",\"ref\":{\"signal\":\"sig-2\"},\"risk\":{\"decision\":\"BLOCK\","
                        + "\"reason\":\"max_notional\"}"),
                // invalid: a kind the mapping does not know
                record(400, "ORDER_EXPIRED", ",\"ref\":{\"client\":\"c-1\"}")));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            for (final String line : lines) {
                producer.send(new ProducerRecord<>(config.inputTopic(), null, line.getBytes(StandardCharsets.UTF_8)));
            }
            // Dialect A next to it, in the same topic.
            producer.send(new ProducerRecord<>(config.inputTopic(), "a-session", ("{\"ts\":\"2025-12-20T16:00:00Z\","
                    + "\"session_id\":\"a-session\",\"kind\":\"intent\",\"symbol\":\"ETH-EUR\",\"payload\":"
                    + "{\"intent_id\":\"i-1\",\"side\":\"BUY\",\"quantity\":1}}").getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        eventually(() -> {
            final Http.Answer answer = Http.get(base + "/api/sessions/" + SESSION);
            return answer.status() == 200 && answer.json().path("events").asLong() == 6
                    && answer.json().path("open_chains").asLong() == 0
                    && answer.json().path("closed_chains").asLong() == 2
                    && answer.json().path("parse_errors").asLong() == 1;
        }, "the mapped dialect's session, closed");
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theSessionSummaryCountsTheMappedRecords() {
        final JsonNode s = Http.get(base + "/api/sessions/" + SESSION).json();
        assertThat(s.path("by_stage").path("intent").asLong()).isEqualTo(2);
        assertThat(s.path("by_stage").path("submit").asLong()).isEqualTo(1);
        assertThat(s.path("by_stage").path("ack").asLong()).isEqualTo(1);
        assertThat(s.path("by_stage").path("fill").asLong()).isEqualTo(1);
        assertThat(s.path("by_stage").path("risk_block").asLong()).isEqualTo(1);
        assertThat(s.path("symbols").get(0).asText()).isEqualTo("BTC-EUR");
        assertThat(s.path("risk_blocks").path("max_notional").asLong()).isEqualTo(1);
        assertThat(Instant.parse(s.path("first_ts").asText())).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(Instant.parse(s.path("last_ts").asText())).isEqualTo(Instant.ofEpochMilli(T0 + 310));
        assertThat(s.path("chains_by_outcome").path("filled").asLong()).isEqualTo(1);
        assertThat(s.path("chains_by_outcome").path("risk_blocked").asLong()).isEqualTo(1);
    }

    @Test
    void theChainsHaveTheirIdsSidesAndLatencies() {
        final JsonNode chains = Http.get(base + "/api/sessions/" + SESSION + "/chains").json().path("chains");
        assertThat(chains).hasSize(2);
        final JsonNode filled = chains.findParents("outcome").stream()
                .filter(c -> c.path("outcome").asText().equals("filled")).findFirst().orElseThrow();
        assertThat(filled.path("intent_id").asText()).isEqualTo("sig-1");
        assertThat(filled.path("order_id").asText()).isEqualTo("c-1");
        assertThat(filled.path("side").asText()).isEqualTo("BUY");
        assertThat(filled.path("filled_quantity").asDouble()).isEqualTo(0.5);
        assertThat(filled.path("latency_ms").path("intent_to_order").asDouble()).isEqualTo(40.0);
        assertThat(filled.path("latency_ms").path("order_to_ack").asDouble()).isEqualTo(30.0);
        assertThat(filled.path("latency_ms").path("order_to_fill").asDouble()).isEqualTo(150.0);
        assertThat(filled.path("latency_ms").path("intent_to_fill").asDouble()).isEqualTo(190.0);
    }

    @Test
    void theTimelineHoldsTheNormalizedEvents() {
        final JsonNode events = Http.get(base + "/api/sessions/" + SESSION + "/timeline").json().path("events");
        assertThat(events).hasSize(6);
        assertThat(events).allSatisfy(e -> assertThat(e.path("symbol").asText()).isEqualTo("BTC-EUR"));
        final JsonNode ack = events.findParents("stage").stream()
                .filter(e -> e.path("stage").asText().equals("ack")).findFirst().orElseThrow();
        assertThat(ack.path("broker_order_id").asText()).isEqualTo("v-1");
    }

    @Test
    void theBuiltInDialectsStillServeTheirRecords() {
        eventually(() -> Http.get(base + "/api/sessions/a-session").status() == 200, "dialect A session");
        assertThat(Http.get(base + "/api/sessions/a-session").json().path("by_stage").path("intent").asLong())
                .isEqualTo(1);
    }
}
