package io.exectrace.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaExtensionTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void producedRecordsComeBackWithTheirValuesInPartitionOrder() throws Exception {
        String topic = "produce-consume";
        int partitions = 3;
        KAFKA.createTopic(topic, partitions);
        List<List<String>> sentPerPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            sentPerPartition.add(new ArrayList<>());
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            for (int i = 0; i < 300; i++) {
                int partition = i % partitions;
                String value = "event-" + i;
                producer.send(new ProducerRecord<>(topic, partition, "key-" + partition, value));
                sentPerPartition.get(partition).add(value);
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> received = consumeAsGroup(topic, 300);

        assertThat(received).hasSize(300);
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            List<ConsumerRecord<String, String>> inPartition =
                    received.stream().filter(r -> r.partition() == partition).toList();
            assertThat(inPartition).extracting(ConsumerRecord::value).containsExactlyElementsOf(sentPerPartition.get(p));
            assertThat(inPartition).extracting(ConsumerRecord::offset)
                    .containsExactlyElementsOf(offsetsUpTo(sentPerPartition.get(p).size()));
        }
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsOnly() {
        String topic = "transactions";
        KAFKA.createTopic(topic, 1);
        Map<String, Object> producerConfig = KAFKA.producerConfig();
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "extension-test-tx");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-3"));
            producer.commitTransaction();
        }
        Map<String, Object> consumerConfig = KAFKA.consumerConfig("read-committed");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");

        List<ConsumerRecord<String, String>> read = TopicReader.readAll(consumerConfig, topic, 3);

        assertThat(read).extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2", "committed-3");
    }

    @Test
    void anOpenProducerCarriesOnAfterTheBrokerRestartsWithItsRecords() throws Exception {
        String topic = "survives-restart";
        KAFKA.createTopic(topic, 1);
        String addressBefore = KAFKA.bootstrapServers();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, "k", "before-restart")).get(10, TimeUnit.SECONDS);

            KAFKA.stopBroker();
            KAFKA.startBroker();

            assertThat(KAFKA.bootstrapServers()).isEqualTo(addressBefore);
            producer.send(new ProducerRecord<>(topic, "k", "after-restart")).get(30, TimeUnit.SECONDS);
        }
        assertThat(TopicReader.readAll(KAFKA.consumerConfig("restart"), topic, 2))
                .extracting(ConsumerRecord::value).containsExactly("before-restart", "after-restart");
    }

    /** Subscribes as a consumer group, which also exercises the single-replica __consumer_offsets topic. */
    private static List<ConsumerRecord<String, String>> consumeAsGroup(String topic, int expected) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KAFKA.consumerConfig("group-" + topic))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            consumer.commitSync();
        }
        return received;
    }

    private static List<Long> offsetsUpTo(int count) {
        List<Long> offsets = new ArrayList<>();
        for (long offset = 0; offset < count; offset++) {
            offsets.add(offset);
        }
        return offsets;
    }
}
