package io.exectrace.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.Dialect;
import io.exectrace.events.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client library against the real embedded broker, which the test takes away and gives back. */
class ExecutionEventPublisherTest {
    private static final Instant T0 = Instant.parse("2025-12-20T10:00:00Z");

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void deliversEveryStageKeyedBySessionInOrder() {
        KAFKA.createTopic("publish-stages", 3);
        final List<String> expected = new ArrayList<>();
        try (ExecutionEventPublisher events = ExecutionEventPublisher.builder(KAFKA.bootstrapServers(), "publish-stages")
                .session("svc-1").mode("paper").dialect(Dialect.LEDGER_V1).build()) {
            final List<StageEvent<?>> chain = List.of(
                    events.signal("BTC-EUR").at(T0).correlationId("t-1"),
                    events.intent("BTC-EUR").at(T0.plusMillis(5)).intentId("i-1").side(Side.BUY).quantity(1),
                    events.gatePass("BTC-EUR", "PriceSanity").at(T0.plusMillis(6)).intentId("i-1"),
                    events.submit("BTC-EUR").at(T0.plusMillis(20)).intentId("i-1").orderId("c-1").quantity(1),
                    events.ack("BTC-EUR").at(T0.plusMillis(40)).orderId("c-1").brokerOrderId("K-1"),
                    events.fill("BTC-EUR").at(T0.plusMillis(90)).orderId("c-1").quantity(0.5).price(90_000),
                    events.cancel("BTC-EUR").at(T0.plusMillis(95)).orderId("c-1").reason("user"),
                    events.riskBlock("ETH-EUR").at(T0.plusMillis(96)).intentId("i-2").reason("max_notional"),
                    events.error("venue hiccup").at(T0.plusMillis(97)));
            for (final StageEvent<?> event : chain) {
                expected.add(json(event));
                assertThat(event.publish()).isTrue();
            }
        }
        final List<TopicRecords.Stored> stored = TopicRecords.read(KAFKA.bootstrapServers(), "publish-stages", expected.size());
        assertThat(stored).extracting(TopicRecords.Stored::key).containsOnly("svc-1");
        assertThat(stored).extracting(TopicRecords.Stored::value).containsExactlyElementsOf(expected);
    }

    @Test
    void staysPromptAndCountsDropsWhileTheBrokerIsDownThenDeliversWhatItBuffered() throws InterruptedException {
        KAFKA.createTopic("publish-outage", 1);
        final int capacity = 40;
        final ExecutionEventPublisher events = ExecutionEventPublisher.builder(KAFKA.bootstrapServers(), "publish-outage")
                .session("svc-2").mode("live").bufferCapacity(capacity).closeTimeout(Duration.ofSeconds(30)).build();
        try {
            for (int i = 0; i < 10; i++) {
                assertThat(intent(events, i).publish()).isTrue();
            }
            await(events::delivered, 10);

            KAFKA.stopBroker();
            long slowest = 0;
            int accepted = 0;
            for (int i = 10; i < 110; i++) {
                final long started = System.nanoTime();
                if (intent(events, i).publish()) {
                    accepted++;
                }
                slowest = Math.max(slowest, System.nanoTime() - started);
            }
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(50));
            assertThat(accepted).isEqualTo(capacity);
            assertThat(events.dropped()).isEqualTo(100 - capacity);
            assertThat(events.delivered()).isEqualTo(10);

            KAFKA.startBroker();
            await(events::delivered, 10 + capacity);
        } finally {
            events.close();
        }
        assertThat(events.dropped()).isEqualTo(100 - capacity);
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10 + capacity; i++) {
            expected.add(new String(intent(events, i).toJson(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), "publish-outage", expected.size()))
                .extracting(TopicRecords.Stored::value).containsExactlyElementsOf(expected);
    }

    @Test
    void anUnreachableClusterNeverBlocksTheCallerAndCloseGivesUpInTime() {
        final ExecutionEventPublisher events = ExecutionEventPublisher.builder("127.0.0.1:1", "nowhere")
                .session("svc-3").bufferCapacity(5).build();
        final long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            intent(events, i).publish();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        events.close(Duration.ofMillis(500));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(events.delivered()).isZero();
        assertThat(events.dropped()).isEqualTo(20);
        assertThat(events.publish(intent(events, 21).event())).as("closed").isFalse();
    }

    private static StageEvent.Intent intent(final ExecutionEventPublisher events, final int n) {
        return events.intent("ETH-USD").at(T0.plusMillis(n)).intentId("i-" + n).side(Side.SELL).quantity(n + 1);
    }

    private static String json(final StageEvent<?> event) {
        return new String(event.toJson(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void await(final LongSupplier value, final long target) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (value.getAsLong() < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value.getAsLong()).isEqualTo(target);
    }
}
