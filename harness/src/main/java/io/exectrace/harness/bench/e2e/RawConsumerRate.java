package io.exectrace.harness.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Baseline 1: a stock {@link KafkaConsumer} (default settings, byte arrays, no group) reading the whole input
 * topic from the beginning. No Kafka-based pipeline can read the topic faster on this machine.
 */
final class RawConsumerRate {

    private RawConsumerRate() {
    }

    /** Seconds to read every record of the topic. */
    static double seconds(final String bootstrapServers, final Map<TopicPartition, Long> endOffsets,
                          final long records) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        final long started = System.nanoTime();
        long read = 0;
        long checksum = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.copyOf(endOffsets.keySet()));
            consumer.seekToBeginning(endOffsets.keySet());
            final long deadline = started + Duration.ofMinutes(10).toNanos();
            while (read < records && System.nanoTime() < deadline) {
                final ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (final var record : batch) {
                    // Touch the value so the read cannot be optimised away.
                    checksum += record.value().length;
                    read++;
                }
            }
        }
        if (read != records || checksum == 0) {
            throw new IllegalStateException("the raw consumer read " + read + " of " + records + " records");
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
