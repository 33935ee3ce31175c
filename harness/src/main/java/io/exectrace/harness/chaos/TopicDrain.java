package io.exectrace.harness.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning as the pipeline does ({@code read_committed}) until the expected number of
 * records came, then 3 s longer so that a duplicate would show; gives up after the patience.
 */
final class TopicDrain {
    private static final Duration QUIET = Duration.ofSeconds(3);

    private TopicDrain() {
    }

    /** @return records read */
    static long drain(final String bootstrapServers, final String topic, final long expected,
                      final Duration patience, final Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-drain-" + topic);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + patience.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(record);
                    read++;
                }
                if (read >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + QUIET.toNanos();
                }
            }
        }
        return read;
    }
}
