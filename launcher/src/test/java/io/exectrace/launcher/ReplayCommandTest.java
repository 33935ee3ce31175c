package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.producer.JsonlInputs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code exectrace produce replay} against the real embedded broker. */
class ReplayCommandTest {
    private static final Path FIXTURES = Path.of("..", "fixtures");

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void replaysEveryFixtureLineByteForByteInOrderPerSession() throws IOException {
        KAFKA.createTopic("replay-all", 3);
        final CliRun run = CliRun.of("produce", "replay", "-b", KAFKA.bootstrapServers(), "-t", "replay-all", FIXTURES.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        final Map<String, List<byte[]>> expected = new LinkedHashMap<>();
        int total = 0;
        final List<Path> files = JsonlInputs.expand(List.of(FIXTURES));
        for (final Path file : files) {
            // Every fixture names its session after its file, so even unreadable lines are keyed by the stem.
            final List<byte[]> lines = GoldenFixtures.nonBlankLines(Files.readAllBytes(file));
            expected.put(JsonlInputs.stem(file), lines);
            total += lines.size();
        }
        final long invalid = GoldenFixtures.all().stream().mapToLong(f -> f.expected().invalid()).sum();
        assertThat(run.out()).contains("replayed " + total + " records (" + invalid + " invalid lines) from "
                + files.size() + " file(s) to replay-all");

        final Map<String, List<byte[]>> received = consumeByKey("replay-all", total);
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((session, lines) -> {
            assertThat(received.get(session)).as(session).hasSameSizeAs(lines);
            for (int i = 0; i < lines.size(); i++) {
                assertThat(received.get(session).get(i)).as(session + " line " + (i + 1)).isEqualTo(lines.get(i));
            }
        });
    }

    @Test
    void missingFileIsOneLineAndExitCode2() {
        final CliRun run = CliRun.of("produce", "replay", "-b", KAFKA.bootstrapServers(), "no/such/file.jsonl");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("exectrace produce replay: no such file or folder: no/such/file.jsonl");
    }

    @Test
    void missingTopicIsOneLineAndExitCode3() {
        final CliRun run = CliRun.of("produce", "replay", "-b", KAFKA.bootstrapServers(), "-t", "absent-topic", FIXTURES.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).startsWith("exectrace produce replay: topic absent-topic does not exist");
    }

    @Test
    void brokerThatIsDownIsOneLineAndExitCode3() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final CliRun run = CliRun.of("produce", "replay", "-b", "127.0.0.1:" + closedPort, FIXTURES.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).isEqualTo("exectrace produce replay: cannot reach Kafka at 127.0.0.1:" + closedPort
                + " within 10 s (is the broker running? try: ./exectrace broker)");
    }

    @Test
    void badSpeedIsOneLineAndExitCode2() {
        final CliRun run = CliRun.of("produce", "replay", "--speed", "-1", FIXTURES.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("exectrace produce replay: --speed must be a positive number, got -1.0");
    }

    private static Map<String, List<byte[]>> consumeByKey(final String topic, final int count) {
        final Map<String, Object> config = KAFKA.consumerConfig("replay-test");
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        final Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            int seen = 0;
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen < count && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
                    seen++;
                }
            }
        }
        return byKey;
    }
}
