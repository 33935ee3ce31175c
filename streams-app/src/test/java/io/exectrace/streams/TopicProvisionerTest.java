package io.exectrace.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.streams.config.ExectraceConfig;

import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
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
                "EXECTRACE_TOPIC_PARTITIONS", "4",
                "EXECTRACE_PROVISION_TIMEOUT", timeout));
    }

    @Test
    void createsTheFourTopicsAndToleratesThemExisting() throws Exception {
        final ExectraceConfig config = config("fresh", KAFKA.bootstrapServers(), "20s");
        assertThat(TopicProvisioner.provision(config)).isEqualTo(4);
        assertThat(TopicProvisioner.provision(config)).isEqualTo(4);
        try (Admin admin = Admin.create(KAFKA.adminConfig())) {
            final Map<String, TopicDescription> topics = admin.describeTopics(Set.copyOf(config.topics()))
                    .allTopicNames().get();
            assertThat(topics).containsOnlyKeys(config.topics());
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(4));
        }
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
