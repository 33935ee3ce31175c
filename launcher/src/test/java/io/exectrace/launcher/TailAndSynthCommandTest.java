package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.producer.SyntheticVenueFills;
import io.exectrace.producer.VenueFillFormat;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code exectrace produce tail} and {@code produce synth} against the real embedded broker. */
class TailAndSynthCommandTest {
    private static final Path FIXTURES = Path.of("..", "fixtures");

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void tailHelpNamesItsOptions() {
        final CliRun run = CliRun.of("produce", "tail", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("DIR", "--checkpoint", "--from-start", "--from-end", "--poll-interval", "--once",
                "--bootstrap-servers", "--topic", "--producer-property");
    }

    @Test
    void tailOnceSendsTheFolderAndARunAfterItSendsNothingTwice() throws IOException {
        KAFKA.createTopic("tail-cli", 3);
        final Path logs = Files.createDirectory(dir.resolve("logs"));
        int lines = 0;
        int files = 0;
        try (Stream<Path> fixtures = Files.list(FIXTURES)) {
            for (final Path fixture : fixtures.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                files++;
                Files.copy(fixture, logs.resolve(fixture.getFileName()));
                lines += (int) Files.readAllLines(fixture).stream().filter(l -> !l.isBlank()).count();
            }
        }
        final CliRun first = CliRun.of("produce", "tail", "--once", "-b", KAFKA.bootstrapServers(), "-t", "tail-cli", logs.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        final long invalid = io.exectrace.events.fixtures.GoldenFixtures.all().stream()
                .mapToLong(f -> f.expected().invalid()).sum();
        assertThat(first.out()).startsWith("tail sent " + lines + " records (" + invalid + " invalid lines) to tail-cli "
                + "from " + files + " file(s)");
        final CliRun second = CliRun.of("produce", "tail", "--once", "-b", KAFKA.bootstrapServers(), "-t", "tail-cli", logs.toString());
        assertThat(second.out()).startsWith("tail sent 0 records");
        assertThat(Files.exists(logs.resolve(".exectrace-tail.checkpoint"))).isTrue();
        assertThat(consume("tail-cli", lines)).hasSize(lines);
    }

    @Test
    void tailOfAMissingFolderIsOneLineAndExitCode2() {
        final CliRun run = CliRun.of("produce", "tail", "-b", KAFKA.bootstrapServers(), dir.resolve("absent").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("exectrace produce tail: no such folder: " + dir.resolve("absent"));
    }

    @Test
    void tailWithABrokerThatIsDownIsOneLineAndExitCode3() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final CliRun run = CliRun.of("produce", "tail", "-b", "127.0.0.1:" + closedPort, dir.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).isEqualTo("exectrace produce tail: cannot reach Kafka at 127.0.0.1:" + closedPort
                + " within 10 s (is the broker running? try: ./exectrace broker)");
    }

    @Test
    void synthSendsExactlyWhatTheGeneratorMakesAndWritesItsExpectedTotals() throws IOException {
        KAFKA.createTopic("synth-cli", 3);
        final Path expected = dir.resolve("expected.json");
        final CliRun run = CliRun.of("produce", "synth", "--seed", "9", "--sessions", "4", "--events", "3000", "--rate", "max",
                "--start", "2025-12-20T10:00:00Z", "--expected", expected.toString(),
                "-b", KAFKA.bootstrapServers(), "-t", "synth-cli");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("synth sent 3000 records").contains("of 4 sessions to synth-cli")
                .contains("expected totals in " + expected);

        final SynthSettings settings = SynthSettings.defaults(9, Instant.parse("2025-12-20T10:00:00Z").getEpochSecond() * 1_000_000L)
                .withSessions(4).withMaxLines(3000);
        final SyntheticSessions generator = new SyntheticSessions(settings);
        final Map<String, List<String>> generated = new LinkedHashMap<>();
        while (generator.hasNext()) {
            final SyntheticRecord record = generator.next();
            generated.computeIfAbsent(record.key(), k -> new ArrayList<>())
                    .add(new String(record.value(), StandardCharsets.UTF_8));
        }
        assertThat(Files.readAllBytes(expected)).isEqualTo(generator.expectedTotals().toJson());
        final Map<String, List<String>> stored = new LinkedHashMap<>();
        for (final ConsumerRecord<String, byte[]> record : consume("synth-cli", 3000)) {
            stored.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(new String(record.value(), StandardCharsets.UTF_8));
        }
        assertThat(stored).isEqualTo(generated);
    }

    @Test
    void synthWritesAFileWhenAskedTo() throws IOException {
        final Path out = dir.resolve("synth.jsonl");
        final CliRun run = CliRun.of("produce", "synth", "--events", "500", "--rate", "max", "--output", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(500);
        assertThat(run.out()).startsWith("synth wrote 500 records of 10 sessions to " + out);
    }

    @Test
    void synthWritesTheVenuesFillsAndProduceVenueFillsSendsThem() throws IOException {
        KAFKA.createTopic("synth-venue-fills", 3);
        KAFKA.createTopic("synth-venue-fills-dlq", 1);
        final Path out = dir.resolve("synth.jsonl");
        final Path fills = dir.resolve("kraken-trades.json");
        final Path expected = dir.resolve("expected.json");
        final CliRun run = CliRun.of("produce", "synth", "--seed", "4", "--sessions", "6", "--events", "3000",
                "--rate", "max", "--start", "2025-12-20T10:00:00Z", "--ledger-share", "1", "--output", out.toString(),
                "--expected", expected.toString(), "--venue-fills", fills.toString(), "--venue-format",
                "kraken-trades", "--venue-mismatch-rate", "0.2");
        assertThat(run.exitCode()).as(run.err()).isZero();

        final SynthSettings settings = SynthSettings.defaults(4, Instant.parse("2025-12-20T10:00:00Z").getEpochSecond()
                * 1_000_000L).withSessions(6).withMaxLines(3000).withShares(0.05, 0.01, 0.005, 1);
        final SyntheticVenueFills venue = new SyntheticVenueFills(4, VenueFillFormat.KRAKEN_TRADES, 0.2);
        final SyntheticSessions generator = new SyntheticSessions(settings, venue);
        while (generator.hasNext()) {
            generator.next();
        }
        assertThat(Files.readAllBytes(fills)).isEqualTo(venue.render());
        assertThat(Files.readAllBytes(expected)).isEqualTo(generator.expectedTotals().toJson());
        assertThat(run.out()).contains("; " + venue.fills().size() + " venue fills of " + venue.orders()
                + " orders (kraken-trades) in " + fills);

        final CliRun send = CliRun.of("produce", "venue-fills", fills.toString(), "--format", "kraken-trades",
                "-b", KAFKA.bootstrapServers(), "-t", "synth-venue-fills", "--dlq-topic", "synth-venue-fills-dlq");
        assertThat(send.exitCode()).as(send.err()).isZero();
        assertThat(consume("synth-venue-fills", venue.fills().size())).hasSize(venue.fills().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--venue-mismatch-rate=2", "--venue-format=csv"})
    void badVenueFillOptionsAreOneLineAndExitCode2(final String option) {
        final CliRun run = CliRun.of("produce", "synth", "--events", "10", "--output", dir.resolve("s.jsonl").toString(),
                "--venue-fills", dir.resolve("v.jsonl").toString(), option);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("exectrace produce synth: ").doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--venue-mismatch-rate=0.1", "--venue-format=kraken-trades"})
    void venueFillOptionsWithoutVenueFillsAreRefused(final String option) {
        final CliRun run = CliRun.of("produce", "synth", "--events", "10", "--output", dir.resolve("s.jsonl").toString(),
                option);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("exectrace produce synth: ").contains("add --venue-fills FILE")
                .doesNotContain("\n");
        assertThat(dir.resolve("s.jsonl")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--rate=fast", "--sessions=abc", "--sessions=0", "--latency=intent_to_order=20ms", "--latency=warp=1ms:2ms",
        "--latency=order_to_fill=1s:60s", "--mix=lucky=1", "--duplicates=1.5", "--start=yesterday", "--bogus",
        "--duration=soon"})
    void badSynthOptionsAreOneLineAndExitCode2(final String option) {
        final CliRun run = CliRun.of("produce", "synth", "--events", "10", "-b", "127.0.0.1:1", option);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("exectrace produce synth: ").doesNotContain("\n");
    }

    @Test
    void eventsAndDurationExcludeEachOther() {
        final CliRun run = CliRun.of("produce", "synth", "--events", "10", "--duration", "1m");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("exectrace produce synth: ").contains("mutually exclusive")
                .doesNotContain("\n");
    }

    private static List<ConsumerRecord<String, byte[]>> consume(final String topic, final int count) {
        final Map<String, Object> config = KAFKA.consumerConfig("cli-test-" + topic);
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }
}
