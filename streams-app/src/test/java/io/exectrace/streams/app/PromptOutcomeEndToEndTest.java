package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.ChainOutcome;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.ClosedChainSerde;
import io.exectrace.streams.correlation.LatencyEdge;
import io.exectrace.streams.testing.EmbeddedPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last chain of a session that falls quiet: with the default configuration (5-minute idle timeout, 1 s settle
 * time) a ledger session's burst ends with a complete fill, one more event half a second later, then silence. The
 * filled chain must reach the chains topic closed, with its outcome and latencies, within seconds (it settles on the
 * arrival clock), not after the idle timeout.
 */
class PromptOutcomeEndToEndTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final String SESSION = "quiet_ledger";
    private static final Duration WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path stateDir;

    private static byte[] line(final String ts, final String stage, final String ids, final String extra) {
        return ("{\"ts\":\"2026-03-02T09:00:" + ts + "Z\",\"mode\":\"live\",\"run_id\":\"" + SESSION
                + "\",\"stage\":\"" + stage + "\",\"symbol\":\"BTC-EUR\",\"exchange\":\"kraken\"" + ids + extra
                + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFilledChainFollowedBySilenceClosesWithinSecondsWithTheDefaultConfiguration() throws Exception {
        final String ids = ",\"intent_id\":\"i-1\",\"client_order_id\":\"c-1\"";
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(KAFKA, "prompt-outcome", stateDir,
                // the defaults, not the test harness's short idle timeout
                Map.of("EXECTRACE_IDLE_TIMEOUT", "5m"));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                     ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            final String topic = pipeline.config().inputTopic();
            producer.send(new ProducerRecord<>(topic, SESSION,
                    line("00.000", "intent", ",\"intent_id\":\"i-1\"", ",\"qty\":0.5")));
            producer.send(new ProducerRecord<>(topic, SESSION, line("00.120", "submit", ids, ",\"qty\":0.5")));
            producer.send(new ProducerRecord<>(topic, SESSION,
                    line("00.160", "ack", ids + ",\"broker_order_id\":\"B-1\"", "")));
            producer.send(new ProducerRecord<>(topic, SESSION,
                    line("00.400", "fill", ids, ",\"qty\":0.25,\"price\":92010.0")));
            producer.flush();
            final long fillSent = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, SESSION,
                    line("00.700", "fill", ids, ",\"qty\":0.25,\"price\":92020.0"))).get();
            Thread.sleep(500);
            producer.send(new ProducerRecord<>(topic, SESSION, line("01.200", "signal", "", ""))).get();

            final ClosedChain chain = awaitChain(pipeline.config().chainsTopic(), fillSent);
            assertThat(chain.sessionId()).isEqualTo(SESSION);
            assertThat(chain.outcome()).isEqualTo(ChainOutcome.FILLED);
            assertThat(chain.closeReason()).isEqualTo("full_fill");
            assertThat(chain.fillCount()).isEqualTo(2);
            assertThat(chain.filledQuantity()).isEqualTo(0.5);
            assertThat(chain.latency(LatencyEdge.INTENT_TO_ORDER)).isEqualTo(120.0);
            assertThat(chain.latency(LatencyEdge.ORDER_TO_ACK)).isEqualTo(40.0);
            assertThat(chain.latency(LatencyEdge.ORDER_TO_FILL)).isEqualTo(280.0);
            assertThat(chain.latency(LatencyEdge.INTENT_TO_FILL)).isEqualTo(400.0);
            assertThat(chain.latency(LatencyEdge.FILL_COMPLETION)).isEqualTo(300.0);
        }
    }

    /** The first chain on the chains topic, failing when it comes later than {@link #WITHIN} after the fill. */
    private static ClosedChain awaitChain(final String topic, final long fillSentNanos) {
        final Map<String, Object> props = new HashMap<>(KAFKA.consumerConfig("prompt-outcome-reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = fillSentNanos + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    final Duration took = Duration.ofNanos(System.nanoTime() - fillSentNanos);
                    assertThat(took).as("time from the fill's send until its chain was on the chains topic")
                            .isLessThan(WITHIN);
                    try (ClosedChainSerde serde = new ClosedChainSerde()) {
                        return serde.deserializer().deserialize(topic, r.value());
                    }
                }
            }
        }
        throw new AssertionError("no closed chain within 30 s of the fill");
    }
}
