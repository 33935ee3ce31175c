package io.exectrace.producer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what the broker stored on a topic, from the beginning, with a real {@code read_committed} consumer. */
final class TopicRecords {
    private TopicRecords() {
    }

    /** A stored record: key and value as UTF-8 text. */
    record Stored(String key, String value) {
    }

    /** Where a stored record is. */
    record Located(int partition, long offset) {
    }

    /** The coordinates of the topic's records, as {@link #read} finds them. */
    static List<Located> located(final String bootstrapServers, final String topic, final int expected) {
        final List<Located> found = new ArrayList<>();
        consume(bootstrapServers, topic, expected, r -> found.add(new Located(r.partition(), r.offset())));
        return found;
    }

    /** Polls until {@code expected} records arrived (or 30 s passed), then briefly once more to catch extras. */
    static List<Stored> read(final String bootstrapServers, final String topic, final int expected) {
        final List<Stored> records = new ArrayList<>();
        consume(bootstrapServers, topic, expected,
                r -> records.add(new Stored(r.key(), new String(r.value(), StandardCharsets.UTF_8))));
        return records;
    }

    private static void consume(final String bootstrapServers, final String topic, final int expected,
                                final Consumer<ConsumerRecord<String, byte[]>> sink) {
        final Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        final int[] count = {0};
        final Consumer<ConsumerRecord<String, byte[]>> counting = r -> {
            count[0]++;
            sink.accept(r);
        };
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (count[0] < expected && System.nanoTime() < deadline) {
                add(consumer, counting, 200);
            }
            add(consumer, counting, 300);
        }
    }

    /** The values per key, in the order the broker stored them (one key lives on one partition). */
    static Map<String, List<String>> byKey(final List<Stored> records) {
        final Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (final Stored record : records) {
            byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
        }
        return byKey;
    }

    private static void add(final KafkaConsumer<String, byte[]> consumer,
                            final Consumer<ConsumerRecord<String, byte[]>> sink, final int millis) {
        consumer.poll(Duration.ofMillis(millis)).forEach(sink);
    }
}
