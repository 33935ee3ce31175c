package io.exectrace.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that runs one real {@link EmbeddedKafkaBroker} per test class. Register it on a
 * static field: {@code @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();}
 *
 * <p>The broker keeps its data directory across {@link #stopBroker()} / {@link #startBroker()} and
 * comes back on the same port, so tests can take Kafka away from clients and give it back.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final Map<String, String> brokerProperties;
    private String ownerContextId;
    private Path dataDirectory;
    private int port;
    private int controllerPort;
    private EmbeddedKafkaBroker broker;

    /** A broker with the embedded defaults. */
    public EmbeddedKafkaExtension() {
        this(Map.of());
    }

    /** A broker with these Kafka server properties overriding the embedded defaults. */
    public EmbeddedKafkaExtension(Map<String, String> brokerProperties) {
        this.brokerProperties = Map.copyOf(brokerProperties);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        // @Nested classes inherit the extension; they share the outer class's broker.
        if (ownerContextId != null) {
            return;
        }
        ownerContextId = context.getUniqueId();
        dataDirectory = Files.createTempDirectory("exectrace-kafka-test-");
        startBroker();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (!context.getUniqueId().equals(ownerContextId)) {
            return;
        }
        try {
            stopBroker();
        } finally {
            Utils.delete(dataDirectory.toFile());
            ownerContextId = null;
        }
    }

    /** The running broker's {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return runningBroker().bootstrapServers();
    }

    /** The running broker. */
    public EmbeddedKafkaBroker broker() {
        return runningBroker();
    }

    /** Creates a topic with replication factor 1 and waits until every partition's leader answers for it. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(adminConfig())) {
            TopicCreation.createAndAwaitLeaders(admin, new NewTopic(name, partitions, (short) 1),
                    Duration.ofSeconds(ADMIN_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /** A new mutable admin client config pointing at the broker. */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** A new mutable producer config: String keys and values, acks=all (idempotent, Kafka's default). */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = adminConfig();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /** A new mutable consumer config: String keys and values, reading from the earliest offset. */
    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = adminConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /** Stops the broker, keeping its data; a no-op when it is not running. */
    public void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts the broker on its data directory; after a stop, on the same ports as before. */
    public void startBroker() {
        if (dataDirectory == null) {
            throw new IllegalStateException("EmbeddedKafkaExtension is not active: register it on a static field");
        }
        if (broker != null) {
            return;
        }
        broker = EmbeddedKafkaBroker.builder()
                .port(port)
                .controllerPort(controllerPort)
                .dataDirectory(dataDirectory)
                .brokerProperties(brokerProperties)
                .start();
        port = broker.port();
        controllerPort = broker.controllerPort();
    }

    /** Stops and starts the broker on the same ports and data. */
    public void restartBroker() {
        stopBroker();
        startBroker();
    }

    private EmbeddedKafkaBroker runningBroker() {
        if (broker == null) {
            throw new IllegalStateException("the embedded Kafka broker is not running");
        }
        return broker;
    }
}
