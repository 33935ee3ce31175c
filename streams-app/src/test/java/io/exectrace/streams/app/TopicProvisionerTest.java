package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.streams.config.ExectraceConfig;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicProvisionerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static ExectraceConfig config(final String prefix, final String bootstrap, final String timeout) {
        return ExectraceConfig.load(null, Map.of(
                "EXECTRACE_BOOTSTRAP_SERVERS", bootstrap,
                "EXECTRACE_INPUT_TOPIC", prefix + "-events",
                "EXECTRACE_DLQ_TOPIC", prefix + "-dlq",
                "EXECTRACE_CHAINS_TOPIC", prefix + "-chains",
                "EXECTRACE_ALERTS_TOPIC", prefix + "-alerts",
                "EXECTRACE_VENUE_FILLS_TOPIC", prefix + "-venue-fills",
                "EXECTRACE_VENUE_FILLS_DLQ_TOPIC", prefix + "-venue-fills-dlq",
                "EXECTRACE_TOPIC_PARTITIONS", "4",
                "EXECTRACE_PROVISION_TIMEOUT", timeout));
    }

    @Test
    void createsTheTopicsAndToleratesThemExisting() throws Exception {
        final ExectraceConfig config = config("fresh", KAFKA.bootstrapServers(), "20s");
        assertThat(TopicProvisioner.provision(config)).isEqualTo(4);
        assertThat(TopicProvisioner.provision(config)).isEqualTo(4);
        try (Admin admin = Admin.create(KAFKA.adminConfig())) {
            final Map<String, TopicDescription> topics = admin.describeTopics(Set.copyOf(config.topics()))
                    .allTopicNames().get();
            assertThat(topics).containsOnlyKeys(config.topics()).hasSize(6);
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(4));
        }
    }

    @Test
    void theDeadLetterTopicTakesTheLargestInputRecordWithItsHeaders() throws Exception {
        final ExectraceConfig config = config("sizes", KAFKA.bootstrapServers(), "20s");
        TopicProvisioner.provision(config);
        try (Admin admin = Admin.create(KAFKA.adminConfig())) {
            final ConfigResource input = new ConfigResource(ConfigResource.Type.TOPIC, config.inputTopic());
            final ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, config.dlqTopic());
            final ConfigResource venue = new ConfigResource(ConfigResource.Type.TOPIC, config.venueFillsTopic());
            final ConfigResource venueDlq = new ConfigResource(ConfigResource.Type.TOPIC, config.venueFillsDlqTopic());
            final Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(input, dlq, venue, venueDlq)).all().get();
            final int inputMax = Integer.parseInt(configs.get(input).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            final int dlqMax = Integer.parseInt(configs.get(dlq).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            // 1 MiB of input plus up to 64 KiB of dead-letter headers.
            assertThat(inputMax).isEqualTo(1 << 20);
            assertThat(dlqMax).isGreaterThanOrEqualTo(inputMax + (64 << 10));
            // The venue fills are an input too, with their own dead letters.
            assertThat(configs.get(venue).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).isEqualTo(
                    Integer.toString(1 << 20));
            assertThat(Integer.parseInt(configs.get(venueDlq).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()))
                    .isEqualTo(dlqMax);
        }
        final java.util.Properties streams = ExectraceStreamsApp.streamsProperties(config);
        assertThat(streams.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
                .isEqualTo(TopicProvisioner.MAX_OUTPUT_RECORD_BYTES);
    }

    @Test
    void anExistingInputTopicKeepsItsPartitionCountAndTheTopologyUsesIt() {
        KAFKA.createTopic("existing-events", 2);
        assertThat(TopicProvisioner.provision(config("existing", KAFKA.bootstrapServers(), "20s"))).isEqualTo(2);
    }

    @Test
    void anUnreachableBrokerFailsWithAClearMessageWithinTheTimeout() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final long started = System.nanoTime();
        assertThatThrownBy(() -> TopicProvisioner.provision(config("nowhere", "127.0.0.1:" + closedPort, "2s")))
                .isInstanceOf(TopicProvisioningException.class)
                .hasMessageContaining("Kafka at 127.0.0.1:" + closedPort + " did not answer within 2 s")
                .hasMessageContaining("EXECTRACE_BOOTSTRAP_SERVERS");
        assertThat(System.nanoTime() - started).isLessThan(15_000_000_000L);
    }
}
