package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.streams.config.ExectraceConfig;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The input's end offsets are fresh only while the cluster answers: with no recent answer a task cannot be called
 * caught up, since records may wait where nothing on this side can see them.
 */
class InputEndOffsetsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static ExectraceConfig config(final String bootstrap) {
        return ExectraceConfig.load(null, Map.of(
                "EXECTRACE_BOOTSTRAP_SERVERS", bootstrap,
                "EXECTRACE_INPUT_TOPIC", "ends-events"));
    }

    @Test
    void freshWhileTheClusterAnswersAndAnEmptyPartitionIsReadUpToThen() throws Exception {
        KAFKA.createTopic("ends-events", 2);
        try (InputEndOffsets ends = new InputEndOffsets(config(KAFKA.bootstrapServers()), 2)) {
            final long deadline = System.currentTimeMillis() + 30_000;
            while (!ends.freshAt(System.currentTimeMillis()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            final long now = System.currentTimeMillis();
            assertThat(ends.freshAt(now)).isTrue();
            assertThat(ends.endsAfter(1, 0)).isFalse();
            assertThat(ends.readUpToAt(1, 0)).isBetween(now - InputEndOffsets.FRESH_FOR.toMillis(), now);
            assertThat(ends.freshAt(now + InputEndOffsets.FRESH_FOR.toMillis() + 1_000))
                    .as("the same answer, later").isFalse();
        }
    }

    @Test
    void neverFreshWhenTheClusterDoesNotAnswer() throws Exception {
        final int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (InputEndOffsets ends = new InputEndOffsets(config("127.0.0.1:" + closedPort), 2)) {
            Thread.sleep(500);
            assertThat(ends.freshAt(System.currentTimeMillis())).isFalse();
            assertThat(ends.readUpToAt(0, 0)).isEqualTo(Long.MIN_VALUE);
        }
    }
}
