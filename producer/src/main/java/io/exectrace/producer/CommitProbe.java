package io.exectrace.producer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether the transaction of a pending checkpoint committed: its probe record is visible to a
 * {@code read_committed} reader. Asked once a new producer on the same transactional id ended that transaction.
 * When the cluster does not tell in time, the scan counts as not committed: its lines may then arrive twice, never
 * not at all.
 */
final class CommitProbe {
    /** Logs as the tailer it serves. */
    private static final Logger LOG = LoggerFactory.getLogger(LogFolderTailer.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Properties consumerProperties = new Properties();

    /** @param producerProperties the tailer's producer properties: the cluster and client settings are reused */
    CommitProbe(final Properties producerProperties) {
        final Properties props = new Properties();
        props.putAll(producerProperties);
        for (final String producerOnly : List.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
            props.remove(producerOnly);
        }
        for (final String name : props.stringPropertyNames()) {
            if (ConsumerConfig.configNames().contains(name)) {
                consumerProperties.put(name, props.getProperty(name));
            }
        }
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    }

    boolean committed(final TailCheckpoint.Pending pending) {
        final TopicPartition partition = new TopicPartition(pending.topic(), pending.partition());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, pending.offset());
            final long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final boolean visible = record.offset() == pending.offset();
                    LOG.info("the previous run's last scan {} committed; resuming {} it", visible ? "was" : "was not",
                            visible ? "after" : "before");
                    return visible;
                }
                if (consumer.position(partition) > pending.offset()) {
                    LOG.info("the previous run's last scan was not committed; resuming before it");
                    return false;
                }
            }
        }
        LOG.warn("could not tell within {} s whether the previous run's last scan committed; sending it again",
                PATIENCE.toSeconds());
        return false;
    }
}
