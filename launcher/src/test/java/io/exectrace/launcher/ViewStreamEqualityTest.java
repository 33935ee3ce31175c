package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.ExectraceTopology;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.LatencySketches;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.json.SessionSummaryJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File and stream give identical answers: every fixture replayed through the real topology (keyed as the replay
 * producer keys it, idle timeout passed so every chain is closed) leaves in the session-summary and
 * session-latency stores exactly what {@code view --path FOLDER --summary --json} prints for the files.
 */
class ViewStreamEqualityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WALL_START = Instant.parse("2026-01-05T08:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void everyFixtureSummaryFromTheTopologyEqualsTheViewersSummary() throws Exception {
        final List<GoldenFixture> fixtures = GoldenFixtures.all();
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of(
                "EXECTRACE_APPLICATION_ID", "exectrace-view-equality",
                "EXECTRACE_STATE_DIR", stateDir.toString()));
        final Properties props = ExectraceStreamsApp.streamsProperties(config);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "ttd:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(ExectraceTopology.build(config, 1), props,
                WALL_START)) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            Instant recordTime = WALL_START;
            for (final GoldenFixture fixture : fixtures) {
                final byte[] key = fixture.stem().getBytes(StandardCharsets.UTF_8);
                for (final byte[] line : fixture.lines()) {
                    recordTime = recordTime.plusMillis(1);
                    input.pipeInput(key, line, recordTime);
                }
            }
            // Past the idle timeout: the processor's wall-clock punctuation closes every open chain.
            driver.advanceWallClockTime(Duration.ofMinutes(10));

            final KeyValueStore<String, SessionSummary> summaries =
                    driver.getKeyValueStore(Registry.SESSION_SUMMARY.name());
            final KeyValueStore<Bytes, LatencySketches> latencies =
                    driver.getKeyValueStore(Registry.SESSION_LATENCY.name());

            final CliRun run = CliRun.of("view", "--path", GoldenFixtures.folder().toString(), "--summary",
                    "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            final List<JsonNode> fromFiles = run.json();
            assertThat(fromFiles).hasSize(fixtures.size());
            for (final JsonNode file : fromFiles) {
                final String session = file.path("session_id").asText();
                final SessionSummary stored = summaries.get(session);
                assertThat(stored).as(session).isNotNull();
                final ObjectNode fromStream = SessionSummaryJson.of(stored,
                        CorrelationStores.readLatencies(latencies, session));
                final ObjectNode expected = ((ObjectNode) file).deepCopy();
                expected.remove("invalid_lines"); // where the invalid lines are: only a file can say
                // Compared as printed JSON: built nodes hold longs where parsed ones hold ints.
                assertThat(JSON.readTree(JSON.writeValueAsString(fromStream))).as(session).isEqualTo(expected);
            }
        }
    }
}
