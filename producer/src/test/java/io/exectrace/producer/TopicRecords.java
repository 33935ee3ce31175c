package io.exectrace.producer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what the broker stored on a topic, from the beginning, with a real consumer. */
final class TopicRecords {
    private TopicRecords() {
    }

    /** A stored record: key and value as UTF-8 text. */
    record Stored(String key, String value) {
    }

    /** Polls until {@code expected} records arrived (or 30 s passed), then briefly once more to catch extras. */
    static List<Stored> read(final String bootstrapServers, final String topic, final int expected) {
        final Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        final List<Stored> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                add(consumer, records, 200);
            }
            add(consumer, records, 300);
        }
        return records;
    }

    /** The values per key, in the order the broker stored them (one key lives on one partition). */
    static Map<String, List<String>> byKey(final List<Stored> records) {
        final Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (final Stored record : records) {
            byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
        }
        return byKey;
    }

    private static void add(final KafkaConsumer<String, byte[]> consumer, final List<Stored> records, final int millis) {
        for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(millis))) {
            records.add(new Stored(record.key(), new String(record.value(), StandardCharsets.UTF_8)));
        }
    }
}
