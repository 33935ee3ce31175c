package io.exectrace.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static final String TOPIC = "restart-check";

    @Test
    void recordsSurviveARestartOnTheSameDataDirectoryAndPort(@TempDir Path dataDirectory) throws Exception {
        List<String> produced = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            produced.add("before-restart-" + i);
        }
        int port;
        String clusterId;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDirectory(dataDirectory).start()) {
            port = first.port();
            clusterId = first.clusterId();
            createTopic(first.bootstrapServers(), TOPIC);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(first.bootstrapServers()))) {
                for (String value : produced) {
                    producer.send(new ProducerRecord<>(TOPIC, value)).get(10, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(dataDirectory.resolve("meta.properties")).exists();

        // A new broker, as after a process restart: same directory and client port, new controller port.
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDirectory(dataDirectory).port(port).start()) {
            assertThat(second.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(second.clusterId()).isEqualTo(clusterId);
            List<ConsumerRecord<String, String>> read =
                    TopicReader.readAll(consumerConfig(second.bootstrapServers()), TOPIC, produced.size());
            assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(produced);
        }
    }

    @Test
    void aTakenPortFailsFastWithAClearMessage() throws Exception {
        try (ServerSocket occupant = new ServerSocket()) {
            occupant.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int taken = occupant.getLocalPort();
            long started = System.nanoTime();

            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(taken).start())
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessage("cannot start Kafka on 127.0.0.1:" + taken + ": port already in use");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
        }
    }

    @Test
    void kafkasOwnBindFailureIsReportedAsAPortInUse() throws Exception {
        // An extra listener on a taken port gets past the pre-start check, so Kafka itself fails to bind.
        try (ServerSocket occupant = new ServerSocket()) {
            occupant.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int taken = occupant.getLocalPort();
            int port = LoopbackPorts.pickFree();
            int controllerPort = LoopbackPorts.pickFree();
            EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                    .port(port)
                    .controllerPort(controllerPort)
                    .brokerProperties(Map.of(
                            "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                                    + ",EXTRA://127.0.0.1:" + taken,
                            "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTRA:PLAINTEXT"));

            assertThatThrownBy(builder::start)
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessage("cannot start Kafka on 127.0.0.1:" + port + ": port 127.0.0.1:" + taken
                            + " already in use");
        }
    }

    @Test
    void aSecondBrokerOnTheSameDataDirectoryIsRefusedAndTheFirstKeepsServing(@TempDir Path dataDirectory)
            throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDirectory(dataDirectory).start()) {
            int secondPort = LoopbackPorts.pickFree();

            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDirectory(dataDirectory).port(secondPort).start())
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessage("cannot start Kafka on 127.0.0.1:" + secondPort + ": data directory " + dataDirectory
                            + " is in use by another broker");

            createTopic(first.bootstrapServers(), TOPIC);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(first.bootstrapServers()))) {
                producer.send(new ProducerRecord<>(TOPIC, "still-serving")).get(10, TimeUnit.SECONDS);
            }
            assertThat(TopicReader.readAll(consumerConfig(first.bootstrapServers()), TOPIC, 1))
                    .extracting(ConsumerRecord::value).containsExactly("still-serving");
        }
    }

    @Test
    void closeDeletesTheTemporaryDataDirectoryAndCanBeRepeated() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
        Path dataDirectory = broker.dataDirectory();
        assertThat(dataDirectory.resolve("meta.properties")).exists();

        broker.close();
        broker.close();
        broker.awaitShutdown();

        assertThat(Files.exists(dataDirectory)).isFalse();
        assertThat(LoopbackPorts.isFree(broker.port())).isTrue();
        assertThat(LoopbackPorts.isFree(broker.controllerPort())).isTrue();
    }

    private static void createTopic(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    }

    private static Map<String, Object> consumerConfig(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    }
}
